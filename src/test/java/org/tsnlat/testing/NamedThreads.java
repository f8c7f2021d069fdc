package org.tsnlat.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.tsnlat.linux.Cpus;
import org.tsnlat.linux.Scheduling;

/**
 * Threads with names of the field's set-up ("vhost-4242", "CPU 1/KVM") in a JVM of their own, for
 * tests of tune that must touch only threads they started. Started through a link to the java
 * binary named like a QEMU process ({@link #command}), so that the process's own name (its comm,
 * the link's name) is one no other process has. Each thread may start pinned ("NAME@CPUS"), prints
 * {@code thread NAME TID} once running, then sleeps until the test ends this process.
 */
public final class NamedThreads {
    private NamedThreads() {
    }

    /** The command line: {@code link} (made here, a link to java) runs threads named by {@code specs}. */
    public static List<String> command(Path link, String... specs) throws java.io.IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, java);
        List<String> argv = new ArrayList<>(List.of(link.toString(), "-Xint", "-XX:+UseSerialGC", "-Xmx32m",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                NamedThreads.class.getName()));
        argv.addAll(List.of(specs));
        return argv;
    }

    /** Each argument: a thread name, optionally "@CPUS" to start pinned there. */
    public static void main(String[] specs) throws InterruptedException {
        CountDownLatch forever = new CountDownLatch(1);
        for (String spec : specs) {
            int at = spec.lastIndexOf('@');
            String name = at < 0 ? spec : spec.substring(0, at);
            BitSet cpus = at < 0 ? null : Cpus.parseList(spec.substring(at + 1));
            Thread.ofPlatform().daemon().name(name).start(() -> {
                if (cpus != null) Scheduling.setAffinity(cpus);
                synchronized (NamedThreads.class) {
                    System.out.println("thread " + name + " " + Scheduling.gettid());
                    System.out.flush();
                }
                try {
                    forever.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        forever.await(); // until the test ends this process
    }
}
