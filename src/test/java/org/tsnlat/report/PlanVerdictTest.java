package org.tsnlat.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tsnlat.exit.Exit;
import org.tsnlat.rundir.RunMeta;

/** What the summary says of a run's plan, from meta.json's two checks, and where exit 10 ranks. */
class PlanVerdictTest {
    private static final RunMeta.PlanFinding RX_HELD = new RunMeta.PlanFinding("thread tsnlat-rx", RunMeta.HELD,
            List.of("1 thread as planned (CPUs 0)"));
    private static final RunMeta.PlanFinding RX_MOVED = new RunMeta.PlanFinding("thread tsnlat-rx", RunMeta.VIOLATED,
            List.of("thread tsnlat-rx (tid 81, pid 80 java) allowed on CPU 1, plan says 0"));
    private static final RunMeta.PlanFinding IRQ_UNKNOWN = new RunMeta.PlanFinding("IRQ eth0-rx-2", RunMeta.UNKNOWN,
            List.of("no IRQ in /proc/interrupts is named eth0-rx-2"));
    private static final RunMeta.PlanFinding RT_OFF = new RunMeta.PlanFinding("rtThrottling runtimeUs", RunMeta.VIOLATED,
            List.of("kernel.sched_rt_runtime_us 950000, plan says -1"));

    private static PlanVerdict verdict(List<RunMeta.PlanFinding> before, List<RunMeta.PlanFinding> end) {
        return PlanVerdict.of(new RunMeta.Plan("host.yaml", "ab12", false, before, end));
    }

    @Test
    void bothChecksHeldIsKept() {
        PlanVerdict v = verdict(List.of(RX_HELD, IRQ_UNKNOWN), List.of(RX_HELD, IRQ_UNKNOWN));
        assertThat(v.kept()).isTrue();
        assertThat(v.notKept()).isFalse();
        assertThat(v.line()).isEqualTo("plan: kept (1 item held, 1 unknown, before the first probe and at the end; host.yaml)");
    }

    @Test
    void eachViolationSaysWhenItWasFound() {
        PlanVerdict v = verdict(List.of(RX_HELD, RT_OFF), List.of(RX_MOVED, RT_OFF));
        assertThat(v.kept()).isFalse();
        assertThat(v.violations()).containsExactly(
                "before the first probe and at the end: rtThrottling runtimeUs: kernel.sched_rt_runtime_us 950000, plan says -1",
                "at the end: thread tsnlat-rx: thread tsnlat-rx (tid 81, pid 80 java) allowed on CPU 1, plan says 0");
        assertThat(v.line()).startsWith("plan: NOT KEPT (host.yaml): before the first probe and at the end: rtThrottling");
    }

    @Test
    void aRunThatEndedBeforeItsEndCheckIsNeitherKeptNorNot() {
        PlanVerdict v = verdict(List.of(RX_HELD), null);
        assertThat(v.kept()).isFalse();
        assertThat(v.notKept()).isFalse();
        assertThat(v.endChecked()).isFalse();
        assertThat(v.line()).isEqualTo("plan: held before the first probe (1 item held, 0 unknown; host.yaml), "
                + "not checked at the end (the run ended before its loops did)");
    }

    @Test
    void aPlanNotKeptGivesWayToWhatIsWorseForTheFigures() {
        assertThat(Exit.worst(Exit.OK, Exit.NOT_AS_PLANNED)).isEqualTo(Exit.NOT_AS_PLANNED);
        assertThat(Exit.worst(Exit.NOT_AS_PLANNED, Exit.UNTRUSTED)).isEqualTo(Exit.UNTRUSTED);
        assertThat(Exit.worst(Exit.END_NOT_SEEN, Exit.NOT_AS_PLANNED)).isEqualTo(Exit.END_NOT_SEEN);
        assertThat(PlanVerdict.of(null)).isNull();
    }
}
