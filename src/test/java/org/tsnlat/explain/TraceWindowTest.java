package org.tsnlat.explain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trace's text as tsnlat reads it (golden sample trace-v1-sample.txt: lines as the kernel
 * writes them, comms with spaces and dashes, a mark with a number too long, a damaged line), and
 * the breakdown of a window: who held a CPU, interrupts apart from the task they interrupted,
 * shares that add up to the span, a thread's whole stretch.
 */
class TraceWindowTest {
    private static final long T0 = 1796208021L * 1_000_000_000L;

    @TempDir Path dir;

    private Path sample() throws Exception {
        Path p = dir.resolve("trace.txt");
        try (var in = TraceWindowTest.class.getResourceAsStream("trace-v1-sample.txt")) {
            Files.copy(in, p);
        }
        return p;
    }

    @Test
    void readsTheEventsItUsesAndNothingElse() throws Exception {
        TraceLine l = new TraceLine();
        List<String> lines = Files.readAllLines(sample());
        long parsed = lines.stream().filter(l::parse).count();
        // 6 header lines, the overlong mark and the damaged line are not events
        assertThat(parsed).isEqualTo(lines.size() - 8);
        assertThat(l.parse(lines.get(6))).isTrue();
        assertThat(l.kind).isEqualTo(TraceLine.Kind.SWITCH);
        assertThat(l.name).isEqualTo("cpu-hog-fifo");
        assertThat(l.number).isEqualTo(4242);
        assertThat(l.prio).isEqualTo(9);
        assertThat(l.cpu).isZero();
        assertThat(l.timeNs).isEqualTo(T0 + 100_000);
        assertThat(l.parse(lines.get(13))).isTrue();
        assertThat(l.name).isEqualTo("tsnlat-tx"); // the mark, from a thread whose comm has a dash
        assertThat(l.number).isEqualTo(7);
        assertThat(l.parse("       VM Thread-316     [001] d..2. 1796208021.001000: sched_switch: prev_comm=VM Thread prev_pid=316 "
                + "prev_prio=120 prev_state=R ==> next_comm=VM Thread next_pid=316 next_prio=120")).isTrue();
        assertThat(l.name).isEqualTo("VM Thread");
    }

    @Test
    void aWindowsSharesAddUpAndAnInterruptIsNotAlsoItsTasks() throws Exception {
        Window w = new Window(T0, T0 + 3_000_000);
        Explainer.cut(sample(), List.of(w));
        long from = T0 + 400_000;
        long to = T0 + 2_200_000;
        List<Window.Share> shares = w.breakdown(0, from, to);
        assertThat(shares.stream().mapToLong(Window.Share::ns).sum()).isEqualTo(to - from);
        // the receiver was woken by the NET_RX softirq on CPU 0 (its delivery's CPU); the sender never in the window
        assertThat(w.wakerCpu(4100, T0, T0 + 3_000_000)).isZero();
        assertThat(w.wokenAt(4100, T0, T0 + 3_000_000)).isEqualTo(T0 + 530_000);
        assertThat(w.wakerCpu(4101, T0, T0 + 3_000_000)).isEqualTo(-1);
        assertThat(shares).extracting(Window.Share::cause).containsExactly(
                "thread cpu-hog-fifo (pid 4242, real-time priority 90)", "IRQ 24 virtio0-input.0", "NET_RX softirq",
                "thread tsnlat-rx (pid 4100, real-time priority 80)");
        Window.Share hog = shares.get(0);
        assertThat(hog.ns()).isEqualTo(2_100_000 - 400_000 - 20_000 - 40_000);
        assertThat(hog.stretchNs()).isEqualTo(2_000_000);
        assertThat(shares.get(1).ns()).isEqualTo(20_000);
        assertThat(shares.get(2).ns()).isEqualTo(40_000);
        assertThat(w.markOf("tsnlat-rx", 7)).isEqualTo(new Window.Mark(0, 4100));
        assertThat(w.markOf("tsnlat-tx", 7)).isEqualTo(new Window.Mark(1, 4101));
        assertThat(w.markOf("tsnlat-rx", 8)).isNull();
        // the receiver was woken inside the NET_RX softirq, then waited for the hog to let go of the CPU
        assertThat(w.wokenAt(4100, from, to)).isEqualTo(T0 + 530_000);
        assertThat(w.wokenAt(4101, from, to)).isEqualTo(-1);
        // the hog went to sleep (S) at +2.1 ms and is not woken again in the window; the receiver never slept
        assertThat(w.asleep(4242, from, T0 + 3_000_000)).containsExactly(new long[] {T0 + 2_100_000, T0 + 3_000_000});
        assertThat(w.asleep(4100, from, T0 + 3_000_000)).isEmpty();
        // before the first switch on CPU 1 the trace does not say who ran
        assertThat(w.breakdown(1, T0, T0 + 1_000_000)).extracting(Window.Share::cause).containsExactly("not traced");
    }
}
