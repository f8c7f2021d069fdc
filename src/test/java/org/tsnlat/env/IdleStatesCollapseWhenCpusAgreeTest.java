package org.tsnlat.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cpuidle states read from a tree laid out as /sys/devices/system/cpu is (this VM has no cpuidle:
 * the values are those of an Intel host's intel_idle): kept once under "all" when every CPU agrees.
 */
class IdleStatesCollapseWhenCpusAgreeTest {
    @TempDir Path cpu;

    @Test
    void statesEveryCpuSharesAreKeptOnce() throws IOException {
        for (String c : new String[] {"cpu0", "cpu1"}) {
            state(c, "state0", "POLL", "0", "0");
            state(c, "state1", "C1", "2", "0");
        }
        Files.createDirectories(cpu.resolve("cpufreq")); // not a CPU
        Reads reads = new Reads();
        var states = IdleStates.collect(cpu, reads);
        assertThat(states).containsOnlyKeys("all");
        assertThat(states.get("all")).containsOnlyKeys("state0", "state1");
        assertThat(states.get("all").get("state1")).isEqualTo(new EnvSnapshot.IdleState("C1", 2L, false));
        assertThat(reads.unreadable()).isEmpty();
    }

    @Test
    void aCpuWithAStateDisabledKeepsEachCpusOwn() throws IOException {
        state("cpu0", "state1", "C1E", "10", "0");
        state("cpu1", "state1", "C1E", "10", "1");
        var states = IdleStates.collect(cpu, new Reads());
        assertThat(states).containsOnlyKeys("cpu0", "cpu1");
        assertThat(states.get("cpu1").get("state1").disabled()).isTrue();
        assertThat(states.get("cpu0").get("state1").disabled()).isFalse();
    }

    @Test
    void noCpuidleIsSaidNotGuessed() throws IOException {
        Files.createDirectories(cpu.resolve("cpu0"));
        Reads reads = new Reads();
        assertThat(IdleStates.collect(cpu, reads)).isNull();
        assertThat(reads.unreadable()).containsEntry("kernel.cpuidleStates", "no cpuidle");
    }

    private void state(String c, String s, String name, String latency, String disable) throws IOException {
        Path d = Files.createDirectories(cpu.resolve(c).resolve("cpuidle").resolve(s));
        Files.writeString(d.resolve("name"), name + "\n");
        Files.writeString(d.resolve("latency"), latency + "\n");
        Files.writeString(d.resolve("disable"), disable + "\n");
    }
}
