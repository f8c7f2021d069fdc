package org.tsnlat.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a controller may start: real command lines pass, with the CPUs the rule gives them. */
class ArgumentPolicyTest {
    private final ArgumentPolicy policy = new ArgumentPolicy(3_600_000_000_000L, 4);

    private ArgumentPolicy.Checked check(String command, String... args) throws Refused {
        return policy.check(command, List.of(args));
    }

    @Test
    void realCommandLinesPass() throws Refused {
        assertThat(check("send", "192.0.2.1:7788", "-d", "10m", "-i", "250us", "--cpu", "2", "--so-priority", "0x10010",
                "--policy", "FIFO", "-p", "90", "--reflect-every", "0", "--clock", "REALTIME", "-s", "128").cpus())
                .isEqualTo(BitSet.valueOf(new long[] {0b100}));
        assertThat(check("recv", "-b", "[::1]:7788", "--duration=1h", "--silence", "0", "--session", "abcdef",
                "--max-ptp-offset", "1us", "--explain", "--explain-above", "p99.9", "--warmup", "0", "--no-reflect",
                "--cpu", "1-3", "--best-effort", "-n", "1000").durationNs()).isEqualTo(3_600_000_000_000L);
        assertThat(check("recv", "-d", "1s").cpus().cardinality()).as("unpinned: every CPU").isEqualTo(4);
        assertThat(check("load", "--sink", "-b", "127.0.0.1:7789", "-d", "30s").cpus()).as("load: no CPU rule").isNull();
        assertThat(check("load", "127.0.0.1:7789", "-r", "200mbit", "-s", "1472", "-d", "1.5s").durationNs())
                .isEqualTo(1_500_000_000L);
    }

    @Test
    void aLaunchTimeMayBeAskedFor() throws Refused {
        assertThat(check("send", "192.0.2.1:7788", "-d", "10s", "--txtime", "200us", "--txtime-deadline").durationNs())
                .isEqualTo(10_000_000_000L);
        assertThatThrownBy(() -> check("send", "192.0.2.1:7788", "-d", "10s", "--txtime", "soon"))
                .hasMessageContaining("not a value the agent accepts");
        // probes in Ethernet frames, tagged: a campaign's layer-2 variant
        assertThat(check("send", "192.0.2.1:7788", "-d", "10s", "--transport", "l2", "--vlan", "7", "--pcp", "5",
                "--ether-type", "0x88B5").durationNs()).isEqualTo(10_000_000_000L);
        assertThat(check("recv", "-d", "10s", "--transport", "l2", "--interface", "eth0").durationNs()).isPositive();
        assertThatThrownBy(() -> check("send", "192.0.2.1:7788", "-d", "10s", "--pcp", "9"))
                .hasMessageContaining("--pcp");
        assertThatThrownBy(() -> check("send", "192.0.2.1:7788", "-d", "10s", "--transport", "tcp"))
                .hasMessageContaining("--transport");
        // an agent's send takes one HOST, whose MAC it looks up; --dst-mac excludes HOST, so it is not offered
        assertThatThrownBy(() -> check("send", "192.0.2.1:7788", "-d", "10s", "--dst-mac", "02:00:00:00:00:01"))
                .hasMessageContaining("option '--dst-mac' is not allowed for send");
        assertThatThrownBy(() -> check("recv", "-d", "10s", "--txtime", "200us"))
                .hasMessageContaining("option '--txtime' is not allowed for recv");
    }

    @Test
    void liveMetricsMayBeAskedFor() throws Refused {
        assertThat(check("recv", "-d", "1m", "--metrics", "192.0.2.2:9464", "--metrics-label", "variant=macvtap",
                "--metrics-label", "pair=a-to-b", "--metrics-linger", "15s").durationNs()).isEqualTo(60_000_000_000L);
        assertThatThrownBy(() -> check("recv", "-d", "1s", "--metrics", "prometheus.example:9464"))
                .hasMessageContaining("never a name");
        assertThatThrownBy(() -> check("recv", "-d", "1s", "--metrics-label", "v=a b"))
                .hasMessageContaining("not a value the agent accepts");
        assertThatThrownBy(() -> check("recv", "-d", "1s", "--metrics-label", "v=$(id)"))
                .hasMessageContaining("not a value the agent accepts");
        assertThatThrownBy(() -> check("recv", "-d", "1s", "--metrics", "192.0.2.2:9464", "--metrics", "192.0.2.2:9465"))
                .hasMessageContaining("given twice");
    }

    @Test
    void refusalsSayWhy() {
        assertThatThrownBy(() -> check("recv", "-d", "1s", "--cpu", "4")).hasMessageContaining("online CPUs are 0-3");
        assertThatThrownBy(() -> check("recv", "-d", "1s", "--runs-dir", "/etc"))
                .hasMessageContaining("option '--runs-dir' is not allowed for recv");
        assertThatThrownBy(() -> check("send", "-d", "1s", "@/etc/passwd")).hasMessageContaining("never a name");
        assertThatThrownBy(() -> check("send", "192.0.2.1", "-d", "2h")).hasMessageContaining("at most 1h");
        assertThatThrownBy(() -> check("tune", "check")).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.reason()).isEqualTo("command-not-allowed"));
    }

    private void assertNotAllowed(String command, String... args) {
        assertThatThrownBy(() -> check(command, args)).as(String.join(" ", args)).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.reason()).isEqualTo("argument-not-allowed"));
    }

    @Test
    void valuesThePatternLetsThroughButTheParserRefusesAreRefusalsNotFaults() {
        assertNotAllowed("recv", "-d", "1s", "--cpu", "3-1");
        assertNotAllowed("recv", "-d", "1s", "--cpu=3-1");
        assertNotAllowed("recv", "-d", "1.5ns");
        assertNotAllowed("recv", "--duration=1.5ns");
        assertNotAllowed("recv", "-d", "1s", "--metrics", "127.0.0.1:9464", "--metrics-linger", "0.5ns");
    }

    @Test
    void bundledAndAttachedShortOptionsAreRefusedAndLongOnesWithEqualsAreCheckedAlike() throws Refused {
        assertNotAllowed("recv", "-d1s");
        assertNotAllowed("recv", "-d=1s");
        assertNotAllowed("recv", "-d", "1s", "-p90");
        assertNotAllowed("recv", "--duration=2h");
        assertNotAllowed("recv", "--duration=");
        assertNotAllowed("recv", "-d", "1s", "--cpu=");
        assertNotAllowed("recv", "-d", "1s", "--runs-dir=/etc");
        assertThat(check("recv", "--duration=90s", "--cpu=1").durationNs()).isEqualTo(90_000_000_000L);
    }

    @Test
    void theRunsLifetimeIsBoundedBaseTimeRefusedAndLingerAtMostTenMinutes() throws Refused {
        assertNotAllowed("send", "192.0.2.1:7788", "-d", "1s", "--base-time", "9999999999999999999");
        assertNotAllowed("send", "192.0.2.1:7788", "-d", "1s", "--base-time=1");
        assertNotAllowed("recv", "-d", "1s", "--metrics", "127.0.0.1:9464", "--metrics-linger", "11m");
        assertNotAllowed("recv", "-d", "1s", "--metrics", "127.0.0.1:9464", "--metrics-linger", "999999999h");
        ArgumentPolicy.Checked c = check("recv", "-d", "1s", "--metrics", "127.0.0.1:9464", "--metrics-linger", "10m");
        assertThat(c.lingerNs()).isEqualTo(ArgumentPolicy.MAX_LINGER_NS);
        assertThat(check("recv", "-d", "1s").lingerNs()).isZero();
    }

    @Test
    void addressesAreLiteralsReadWithoutALookupAndMetricsNeverOnAWildcard() throws Refused {
        for (String bad : List.of("999.1.1.1", "256.0.0.1:7788", "1.2.3.300")) {
            assertThatThrownBy(() -> check("send", bad, "-d", "1s")).as(bad).hasMessageContaining("0-255");
        }
        assertNotAllowed("send", "[1::2::3]:7788", "-d", "1s");
        assertNotAllowed("send", "[...]:7788", "-d", "1s");
        assertThat(check("send", "[2001:db8::1]:7788", "-d", "1s").command()).isEqualTo("send");
        assertThat(check("send", "255.255.255.255:7788", "-d", "1s").command()).isEqualTo("send");
        for (String any : List.of("0.0.0.0:9464", "[::]:9464", "[0:0:0:0:0:0:0:0]:9464")) {
            assertThatThrownBy(() -> check("recv", "-d", "1s", "--metrics", any)).as(any)
                    .hasMessageContaining("wildcard");
        }
        assertThat(check("recv", "-d", "1s", "--bind", "0.0.0.0:7788").command()).as("a receiver may bind every address")
                .isEqualTo("recv");
    }

    @Test
    void cpusAreCheckedAgainstTheOnlineSetNotItsCount() throws Refused {
        BitSet online = new BitSet();
        online.set(0, 2);
        online.set(3); // CPU 2 offline
        ArgumentPolicy p = new ArgumentPolicy(3_600_000_000_000L, online);
        assertThat(p.check("recv", List.of("-d", "1s", "--cpu", "3")).cpus()).isEqualTo(BitSet.valueOf(new long[] {0b1000}));
        assertThat(p.check("recv", List.of("-d", "1s")).cpus()).as("unpinned: every online CPU").isEqualTo(online);
        assertThatThrownBy(() -> p.check("recv", List.of("-d", "1s", "--cpu", "2")))
                .hasMessageContaining("online CPUs are 0-1,3");
        assertThatThrownBy(() -> p.check("recv", List.of("-d", "1s", "--cpu", "1-3"))).hasMessageContaining("0-1,3");
    }
}
