package org.tsnlat.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.tsnlat.linux.Cpus;

/**
 * The over-the-run parsers against /proc/stat, /proc/softirqs and /proc/interrupts captured on this
 * VM one second apart (kernel 6.18, 2 CPUs; *-1.txt then *-2.txt), and a thread's stat read live.
 */
class DuringParsersReadCapturedFixturesTest {

    @Test
    void procStatGivesEachCpusTicksByState() {
        CpuStat stat = CpuStat.parse(Fixtures.text("env/proc-stat-1.txt"));
        assertThat(stat.ticks()).containsOnlyKeys(0, 1); // the "cpu" line of all CPUs is left out
        assertThat(stat.ticks().get(0)).containsExactly(821089, 46592, 236533, 1379296, 1466, 0, 33410, 0, 0, 0);
        assertThat(stat.of(0, "softirq")).isEqualTo(33410);
        assertThat(stat.of(0, "steal")).isZero();
        assertThat(stat.of(7, "idle")).isZero(); // no such CPU
    }

    @Test
    void counterTablesReadSoftirqsAndEveryInterruptLine() {
        CounterTable soft = CounterTable.parse(Fixtures.text("env/softirqs-1.txt"));
        assertThat(soft.cpus()).containsExactly("cpu0", "cpu1");
        assertThat(soft.rows()).extracting(CounterTable.Row::label).containsExactly("HI", "TIMER", "NET_TX", "NET_RX",
                "BLOCK", "IRQ_POLL", "TASKLET", "SCHED", "HRTIMER", "RCU");
        assertThat(row(soft, "NET_RX").counts()).containsExactly(23346639, 35079648);

        CounterTable irqs = CounterTable.parse(Fixtures.text("env/interrupts-1.txt"));
        assertThat(row(irqs, "38").words().getLast()).isEqualTo("virtio2-input.0");
        assertThat(row(irqs, "38").counts()).containsExactly(0, 7330);
        assertThat(row(irqs, "LOC").counts()).containsExactly(21370699, 30378478);
        assertThat(row(irqs, "LOC").words()).containsExactly("Local", "timer", "interrupts");
        assertThat(row(irqs, "LOC").perCpu()).isTrue();
        assertThat(row(irqs, "ERR").perCpu()).isFalse(); // one count for the whole machine
        // the numbered lines are still Interrupts' lines
        assertThat(Interrupts.parse(Fixtures.text("env/interrupts-1.txt")).lines()).hasSize(19);
    }

    @Test
    void deltasOfTwoReadingsAreTheChangesOnly() {
        HostSample a = sample(0, "1");
        HostSample b = sample(1_000_000_000L, "2");
        EnvDuring d = DuringDeltas.between(a, b, Map.of(), 300_000_000L);
        assertThat(d.spanNs()).isEqualTo(1_000_000_000L);
        assertThat(d.cpusOfInterest()).isEqualTo("0-1"); // no measuring threads: every CPU
        assertThat(d.cpus().get("cpu0").idleMs()).isEqualTo(1010.0); // 101 ticks of 10 ms
        assertThat(d.cpus().get("cpu1").userMs()).isEqualTo(10.0);
        assertThat(d.cpus().get("cpu1").stealPercent()).isZero();
        assertThat(d.softirqs()).containsOnlyKeys("TIMER", "SCHED", "RCU");
        assertThat(d.softirqs().get("SCHED")).containsExactly(Map.entry("cpu0", 51L), Map.entry("cpu1", 25L));
        assertThat(d.interrupts()).extracting(EnvDuring.IrqCount::irq).containsExactly("LOC", "CAL", "42", "RES", "31"); // 42 and RES: 2 each, file order
        assertThat(d.interrupts().getFirst().name()).isEqualTo("Local timer interrupts");
        assertThat(d.interrupts().getFirst().byCpu()).containsExactly(Map.entry("cpu0", 77L), Map.entry("cpu1", 31L));
        assertThat(d.interrupts().get(2).name()).isEqualTo("virtio3-tx");
        assertThat(d.interruptLinesChanged()).isEqualTo(5);
        assertThat(d.noDeltas()).isNull();
    }

    @Test
    void aThreadsStatGivesItsTicksAndTheCpuItRanOn() throws IOException {
        TaskStat s = TaskStat.parse(Files.readString(Path.of("/proc/thread-self/stat")));
        assertThat(s.lastCpu()).isBetween(0, Cpus.online() - 1);
        assertThat(s.utimeTicks()).isNotNegative();
        assertThat(s.stimeTicks()).isNotNegative();
        assertThat(s.policyName()).startsWith("SCHED_");
        String line = "4321 (a (b) c) S 1 4321 4321 0 -1 4194560 100 0 0 0 1234 56 0 0 20 0 1 0 999 0 0 "
                + "18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
        TaskStat golden = TaskStat.parse(line);
        assertThat(golden.comm()).isEqualTo("a (b) c");
        assertThat(golden.utimeTicks()).isEqualTo(1234);
        assertThat(golden.stimeTicks()).isEqualTo(56);
        assertThat(golden.lastCpu()).isEqualTo(1);
        assertThat(golden.startTime()).isEqualTo(999);
    }

    private static HostSample sample(long atNs, String n) {
        return new HostSample(atNs, "t" + n, CpuStat.parse(Fixtures.text("env/proc-stat-" + n + ".txt")),
                CounterTable.parse(Fixtures.text("env/interrupts-" + n + ".txt")),
                CounterTable.parse(Fixtures.text("env/softirqs-" + n + ".txt")),
                new ThreadTimes.Found(Map.of(), true), new TreeMap<>(), 100, new TreeMap<>());
    }

    private static CounterTable.Row row(CounterTable t, String label) {
        return t.rows().stream().filter(r -> r.label().equals(label)).findFirst().orElseThrow();
    }
}
