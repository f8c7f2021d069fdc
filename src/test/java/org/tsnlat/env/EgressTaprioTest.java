package org.tsnlat.env;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;

/** --taprio-align's reading of the egress interface, from the iproute2 samples (env/tc-iproute2) and on this machine. */
class EgressTaprioTest {
    private static final java.util.function.Function<String, LaunchTimeQdisc.Availability> NO_TAPRIO =
            q -> new LaunchTimeQdisc.Availability(q, false, true, "CONFIG_NET_SCH_" + q.toUpperCase() + " not set");
    private static final java.util.function.Function<String, LaunchTimeQdisc.Availability> TAPRIO =
            q -> new LaunchTimeQdisc.Availability(q, true, true, "/sys/module/sch_" + q);

    private static EgressTaprio of(String sample, java.util.function.Function<String, LaunchTimeQdisc.Availability> kernel) {
        return EgressTaprio.of("eth0", Fixtures.tc(sample), kernel);
    }

    @Test
    void theTaprioInForceIsFound() {
        EgressTaprio e = of("taprio-txtime-assist-6.1.json", TAPRIO);
        assertThat(e.refusal()).isNull();
        assertThat(e.place()).isEqualTo("root");
        assertThat(e.pending()).isFalse();
        assertThat(EgressTaprio.inForce(e.taprio()).baseTimeNs()).isEqualTo(1528743495910289987L);
        assertThat(EgressTaprio.cycleNs(EgressTaprio.inForce(e.taprio()))).isEqualTo(1_000_000L);
    }

    @Test
    void aScheduleNotYetInForceIsAlignedToAndSaidToBePending() {
        EgressTaprio e = of("taprio-admin-6.5.json", TAPRIO);
        assertThat(e.pending()).isFalse();
        assertThat(EgressTaprio.inForce(e.taprio()).baseTimeNs()).isZero();
        EgressTaprio pending = of("taprio-admin-pending-6.1.json", TAPRIO);
        assertThat(pending.pending()).isTrue();
        assertThat(EgressTaprio.inForce(pending.taprio()).baseTimeNs()).isEqualTo(1_700_000_000_000_000_000L);
    }

    @Test
    void anotherQdiscIsNamedWithWhatTheKernelLacks() {
        EgressTaprio e = of("mqprio-etf-6.1.json", NO_TAPRIO);
        assertThat(e.taprio()).isNull();
        assertThat(e.refusal()).isEqualTo("the egress qdisc of eth0 is mqprio (root), etf (parent 100:1), "
                + "pfifo_fast (parent 100:4), not taprio; this kernel has no sch_taprio: CONFIG_NET_SCH_TAPRIO not set");
        assertThat(EgressTaprio.of("lo", Fixtures.json("env/tc-noqueue.json"), TAPRIO).refusal())
                .isEqualTo("the egress qdisc of lo is noqueue, not taprio");
    }

    @Test
    void theGateAtTheShiftSaysWhetherTheProbesClassIsOpen() {
        EgressTaprio e = of("taprio-txtime-assist-6.1.json", TAPRIO); // map 2 2 1 0 ...; S 0x1 300us, S 0x2 300us, S 0x4 400us
        assertThat(e.gateNote(-1, 700_000)).isEqualTo("entry 2 (S 0x4) is in force there: the probes' traffic class 2 "
                + "(SO_PRIORITY 0, unchanged) is open");
        assertThat(e.gateNote(3, 0)).isEqualTo("entry 0 (S 0x1) is in force there: the probes' traffic class 0 "
                + "(SO_PRIORITY 3) is open");
        assertThat(e.gateNote(2, 0)).endsWith("the probes' traffic class 1 (SO_PRIORITY 2) is closed, so each probe "
                + "waits for the next entry that opens it");
        assertThat(e.gateNote(0x10003, 350_000)).as("the low 4 bits of the priority").startsWith("entry 1 (S 0x2)")
                .endsWith("class 0 (SO_PRIORITY 65539) is closed, so each probe waits for the next entry that opens it");
    }

    /** This machine: lo's qdisc is noqueue, and the kernel has no sch_taprio. */
    @Test
    @Needs(Need.TC)
    void loopbackHereHasNoTaprio() {
        EgressTaprio e = EgressTaprio.read("lo", null);
        assertThat(e.taprio()).isNull();
        assertThat(e.refusal()).startsWith("the egress qdisc of lo is ").contains(", not taprio");
        if (!LaunchTimeQdisc.KernelModules.read().apply("taprio").present()) {
            assertThat(e.refusal()).contains("; this kernel has no sch_taprio: ");
        }
    }
}
