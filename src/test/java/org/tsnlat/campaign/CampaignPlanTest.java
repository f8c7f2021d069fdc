package org.tsnlat.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tsnlat.exit.UsageException;

/** The campaign plan: what it reads, what it refuses (one line, naming the key), and the order and waves of its runs. */
class CampaignPlanTest {
    private static final String GOOD = """
            version: 1
            name: demo
            keyFile: fleet.key
            duration: 10s
            repetitions: 2
            agents:
              a: 192.0.2.1:7790
              b: 192.0.2.2:7790
              c: 192.0.2.3:7790
            pairs:
              - {name: a-to-b, sender: a, receiver: b, to: "192.0.2.2:7788"}
              - {name: c-to-b, sender: c, receiver: b, to: "192.0.2.2:7789"}
              - {name: c-to-a, sender: c, receiver: a, to: "192.0.2.1:7788"}
            variants:
              - {name: plain}
              - {name: pinned, send: [--cpu, "1"], recv: [--cpu, "1"]}
            """;

    @Test
    void aGoodPlanGivesItsRunsRepetitionByRepetitionInWavesOfPairsThatShareNoAgent() {
        CampaignPlan p = CampaignPlan.parse("plan.yaml", GOOD);
        assertThat(p.durationNs()).isEqualTo(10_000_000_000L);
        assertThat(p.authenticatedOrDefault()).isFalse();
        assertThat(p.variant("pinned").send()).containsExactly("--cpu", "1");
        List<List<CampaignPlan.RunKey>> waves = p.waves();
        // a-to-b takes a and b; c-to-b needs b and c-to-a needs a (the next wave); those two share c: three waves
        assertThat(waves).hasSize(2 * 2 * 3);
        assertThat(waves.get(0)).extracting(CampaignPlan.RunKey::id).containsExactly("plain/a-to-b/rep-1");
        assertThat(waves.get(1)).extracting(CampaignPlan.RunKey::id).containsExactly("plain/c-to-b/rep-1");
        assertThat(waves.get(2)).extracting(CampaignPlan.RunKey::id).containsExactly("plain/c-to-a/rep-1");
        assertThat(waves.get(3).get(0).id()).isEqualTo("pinned/a-to-b/rep-1");
        assertThat(waves.get(6).get(0).id()).isEqualTo("plain/a-to-b/rep-2");
    }

    @Test
    void pairsOnFourAgentsMeasureAtOnce() {
        CampaignPlan p = CampaignPlan.parse("plan.yaml", """
                name: four
                keyFile: k
                duration: 3s
                agents: {a: "10.0.0.1:1", b: "10.0.0.2:1", c: "10.0.0.3:1", d: "10.0.0.4:1"}
                pairs:
                  - {name: ab, sender: a, receiver: b, to: "10.0.0.2:7788"}
                  - {name: cd, sender: c, receiver: d, to: "10.0.0.4:7788"}
                variants: [{name: v}]
                """);
        assertThat(p.waves()).hasSize(1);
        assertThat(p.waves().get(0)).extracting(CampaignPlan.RunKey::pair).containsExactly("ab", "cd");
    }

    @Test
    void badPlansAreRefusedSayingWhere() {
        refused(GOOD.replace("keyFile: fleet.key\n", ""), "plan.yaml: keyFile: the agents' key file is required");
        refused(GOOD.replace("duration: 10s", "duration: soon"), "plan.yaml: duration: 'soon' is not a duration");
        refused(GOOD.replace("duration: 10s", "duration: 500ms"), "duration: 500ms is under 1s");
        refused(GOOD.replace("duration: 10s", "duration: 10"), "duration: '10' has no unit (e.g. 10s, 5m)");
        refused(GOOD.replace("duration: 10s", "duration: 2s"), "duration 2s with variant plain: no longer than the receiver's 2s warm-up");
        CampaignPlan.parse("plan.yaml", GOOD.replace("duration: 10s", "duration: 2s")
                .replace("{name: plain}", "{name: plain, recv: [--warmup, 0s]}").replace("recv: [--cpu, \"1\"]", "recv: [--cpu, \"1\", --warmup, 1s]"));
        refused(GOOD.replace("send: [--cpu, \"1\"]", "send: [--sise, \"100\"]"),
                "variants[1].send: the agents would refuse it: option '--sise' is not allowed for send");
        refused(GOOD.replace("to: \"192.0.2.1:7788\"", "to: \"localhost:7788\""), "pairs[2].to: the agents would refuse it: ");
        refused(GOOD.replace("repetitions: 2", "repetitions: 0"), "repetitions 0: 1 to 1000");
        refused(GOOD.replace("sender: c, receiver: a", "sender: c, receiver: z"),
                "pairs[2].receiver: 'z' is not one of the agents (a, b, c)");
        refused(GOOD.replace("sender: c, receiver: a", "sender: a, receiver: a"), "pairs[2]: sender and receiver are the same agent");
        refused(GOOD.replace("to: \"192.0.2.1:7788\"", "to: somewhere"), "pairs[2].to: 'somewhere' is not ADDRESS:PORT");
        refused(GOOD.replace("name: c-to-a", "name: a-to-b"), "pairs[2].name: 'a-to-b' twice");
        refused(GOOD.replace("name: pinned", "name: ../../etc"), "variants[1].name: '../../etc' is not a name");
        refused(GOOD.replace("name: demo", "name: a/b"), "name: 'a/b' is not a name");
        refused(GOOD.replace("send: [--cpu, \"1\"]", "send: [--duration, 1h]"), "variants[1]: --duration is the campaign's own");
        refused(GOOD.replace("b: 192.0.2.2:7790", "b: 192.0.2.2"), "agents.b: '192.0.2.2' is not ADDRESS:PORT");
        refused(GOOD.replace("b: 192.0.2.2:7790", "b: 192.0.2.2:99999"), "agents.b: '192.0.2.2:99999' is not ADDRESS:PORT (port 1-65535)");
        refused(GOOD.replace("to: \"192.0.2.1:7788\"", "to: \"192.0.2.1:0\""), "pairs[2].to: '192.0.2.1:0' is not ADDRESS:PORT");
        refused(GOOD.replace("to: \"192.0.2.1:7788\"", "to: \"0.0.0.0:7788\""), "pairs[2].to: '0.0.0.0:7788' is a wildcard");
        refused(GOOD.replace("to: \"192.0.2.1:7788\"", "to: \"[::]:7788\""), "pairs[2].to: '[::]:7788' is a wildcard");
        refused(GOOD.replace("send: [--cpu, \"1\"]", "send: [--duration=1h]"), "variants[1]: --duration is the campaign's own");
        refused(GOOD.replace("send: [--cpu, \"1\"]", "send: [-d1h]"), "variants[1]: -d is the campaign's own");
        refused(GOOD.replace("recv: [--cpu, \"1\"]", "recv: [-b127.0.0.1:1]"), "variants[1]: -b is the campaign's own");
        refused(GOOD.replace("repetitions: 2", "repetitons: 2"), "plan.yaml line 5: unknown key 'repetitons'");
        refused(GOOD.replace("version: 1", "version: 2"), "plan version 2; this tsnlat reads version 1");
        refused("", "plan.yaml: empty campaign plan");
        refused("pairs: [", "plan.yaml line 1: not YAML");
    }

    private static void refused(String text, String message) {
        assertThatThrownBy(() -> CampaignPlan.parse("plan.yaml", text)).isInstanceOf(UsageException.class)
                .hasMessageContaining(message);
    }
}
