package org.tsnlat.env;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;

class LaunchTimeQdiscTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void etfOrTaprioAnywhereOnTheInterfaceEnforcesTheLaunchTime() throws Exception {
        assertThat(LaunchTimeQdisc.describe(JSON.readTree("""
                [{"kind":"mqprio","handle":"100:","root":true,"options":{}},
                 {"kind":"etf","handle":"8001:","parent":"100:1","options":{"clockid":"TAI","delta":200000}}]"""))).isNull();
        assertThat(LaunchTimeQdisc.describe(JSON.readTree("""
                [{"kind":"taprio","handle":"100:","root":true,"options":{}}]"""))).isNull();
    }

    @Test
    void anyOtherQdiscIsNamed() throws Exception {
        assertThat(LaunchTimeQdisc.describe(JSON.readTree("""
                [{"kind":"noqueue","handle":"0:","root":true,"refcnt":2,"options":{}}]"""))).isEqualTo("noqueue");
        assertThat(LaunchTimeQdisc.describe(JSON.readTree("""
                [{"kind":"htb","handle":"1:","root":true,"options":{}},
                 {"kind":"fq_codel","handle":"10:","parent":"1:10","options":{}}]""")))
                .isEqualTo("htb (root), fq_codel (parent 1:10)");
        assertThat(LaunchTimeQdisc.describe(JSON.readTree("[]"))).isEqualTo("none");
    }

    @Test
    void theLineSaysWhyAndWhatTheKernelLacks() {
        String modules = LaunchTimeQdisc.moduleNote(q -> new LaunchTimeQdisc.Availability(q, false, true,
                "CONFIG_NET_SCH_" + q.toUpperCase() + " not set"));
        assertThat(LaunchTimeQdisc.line("lo", "noqueue", modules)).isEqualTo("launch time: SO_TXTIME accepted by the kernel "
                + "but not enforced: the egress qdisc of lo is noqueue, not etf or taprio (this kernel has no sch_etf / "
                + "sch_taprio: CONFIG_NET_SCH_ETF not set, CONFIG_NET_SCH_TAPRIO not set; docs/tsn.md)");
        String both = LaunchTimeQdisc.moduleNote(q -> new LaunchTimeQdisc.Availability(q, true, true, "/sys/module/sch_" + q));
        assertThat(LaunchTimeQdisc.line("eth0", "fq_codel", both)).endsWith("is fq_codel, not etf or taprio (docs/tsn.md)");
        String one = LaunchTimeQdisc.moduleNote(q -> q.equals("etf")
                ? new LaunchTimeQdisc.Availability(q, true, true, "/sys/module/sch_etf")
                : new LaunchTimeQdisc.Availability(q, false, false, "nothing to read"));
        assertThat(one).isEqualTo("this kernel: sch_etf is there (/sys/module/sch_etf), sch_taprio unknown (nothing to read); ");
    }

    /** This machine: lo has noqueue and the kernel neither etf nor taprio (docs/tsn.md). */
    @Test
    @Needs(Need.TC)
    void loopbackHereIsNotEnforcing() {
        String line = LaunchTimeQdisc.notEnforced("lo", null);
        assertThat(line).startsWith("launch time: SO_TXTIME accepted by the kernel but not enforced: the egress qdisc of lo is ")
                .endsWith("docs/tsn.md)");
    }
}
