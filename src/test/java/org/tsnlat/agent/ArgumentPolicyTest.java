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
        assertThatThrownBy(() -> check("recv", "-d", "1s", "--cpu", "4")).hasMessageContaining("this machine has CPUs 0-3");
        assertThatThrownBy(() -> check("recv", "-d", "1s", "--runs-dir", "/etc"))
                .hasMessageContaining("option '--runs-dir' is not allowed for recv");
        assertThatThrownBy(() -> check("send", "-d", "1s", "@/etc/passwd")).hasMessageContaining("never a name");
        assertThatThrownBy(() -> check("send", "192.0.2.1", "-d", "2h")).hasMessageContaining("at most 1h");
        assertThatThrownBy(() -> check("tune", "check")).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.reason()).isEqualTo("command-not-allowed"));
    }
}
