package org.tsnlat.testing;

import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.tsnlat.linux.Clock;
import org.tsnlat.linux.ClockId;
import org.tsnlat.linux.Scheduling;

/**
 * A SCHED_FIFO hog in a JVM of its own (start it with {@link #command}): a thread named
 * {@value #NAME}, pinned to one CPU, spins for a given time, then sleeps, and prints each spin as
 * {@code spin START_TAI_NS END_TAI_NS HELD_UNTIL_TAI_NS} on standard output (the last: when it
 * went to sleep) ({@link #once}: one spin after a
 * while, then it ends). A JVM of its own, interpreted and with
 * nothing else to do, so that it holds the CPU for its spin and not for the test JVM's collections
 * or compilations: run inside the test JVM, its thread was seen holding the CPU 8.6 ms for a 2 ms
 * spin (CI, stop 21).
 */
public final class FifoHog {
    public static final String NAME = "cpu-hog-fifo";

    private FifoHog() {
    }

    /** The command line of a hog on {@code cpu} at FIFO {@code priority}: spins {@code spinNs}, sleeps {@code sleepMs}. */
    public static List<String> command(int cpu, int priority, long spinNs, long sleepMs) {
        return command(cpu, priority, spinNs, sleepMs, 0, 0);
    }

    /**
     * The command line of a hog on {@code cpu} at FIFO {@code priority} that says "ready", sleeps
     * {@code afterMs}, spins {@code spinNs} once, says so, and ends.
     */
    public static List<String> once(int cpu, int priority, long spinNs, long afterMs) {
        return command(cpu, priority, spinNs, 0, 1, afterMs);
    }

    /** {@code spins} spins (0: until ended), the first after {@code afterMs}. */
    private static List<String> command(int cpu, int priority, long spinNs, long sleepMs, int spins, long afterMs) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-Xint", "-XX:+UseSerialGC", "-Xmx64m", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), FifoHog.class.getName(), Integer.toString(cpu),
                Integer.toString(priority), Long.toString(spinNs), Long.toString(sleepMs), Integer.toString(spins),
                Long.toString(afterMs));
    }

    /** CPU, priority, spin (ns), sleep between spins (ms), number of spins (0: no end), sleep before the first (ms). */
    public static void main(String[] args) throws InterruptedException {
        int cpu = Integer.parseInt(args[0]);
        int priority = Integer.parseInt(args[1]);
        long spinNs = Long.parseLong(args[2]);
        long sleepMs = Long.parseLong(args[3]);
        int spins = Integer.parseInt(args[4]);
        long afterMs = Long.parseLong(args[5]);
        // the hog thread only spins and notes its times here; this (main, SCHED_OTHER, unpinned) thread
        // prints them: printing from the hog held its CPU up to 4 ms beyond a 2 ms spin (interpreted
        // string building and I/O; CI, stop 28), which the trace rightly counted as the hog's
        long[] times = new long[3 * 4096];
        AtomicInteger noted = new AtomicInteger();
        Thread t = Thread.ofPlatform().name(NAME).start(() -> {
            BitSet only = new BitSet();
            only.set(cpu);
            Scheduling.setAffinity(only);
            Scheduling.setScheduler(Scheduling.Policy.FIFO, priority);
            Clock tai = Clock.open(ClockId.TAI);
            noted.set(-1); // ready
            try {
                Thread.sleep(afterMs);
            } catch (InterruptedException e) {
                return;
            }
            for (int n = 0; spins == 0 || n < spins; n++) {
                long a = tai.nowNs();
                long until = System.nanoTime() + spinNs;
                while (System.nanoTime() - until < 0) Thread.onSpinWait();
                long b = tai.nowNs();
                int i = 3 * (n % 4096);
                times[i] = a;
                times[i + 1] = b;
                times[i + 2] = tai.nowNs(); // the end of its hold, but for going to sleep
                noted.lazySet(n + 1);
                try {
                    Thread.sleep(sleepMs);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        while (noted.get() == 0 && t.isAlive()) Thread.sleep(1);
        if (noted.get() == 0) { // its thread died before it could pin itself and go FIFO: said, not "ready"
            System.out.println("failed: the hog thread ended before it was pinned at FIFO (see its stack trace above)");
            System.exit(1);
        }
        System.out.println("ready");
        int printed = 0;
        for (boolean alive = true; alive;) {
            alive = t.isAlive();
            for (int upTo = noted.get(); printed < upTo; printed++) {
                int i = 3 * (printed % 4096);
                System.out.println("spin " + times[i] + " " + times[i + 1] + " " + times[i + 2]);
            }
            if (alive) Thread.sleep(20);
        }
    }
}
