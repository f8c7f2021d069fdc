package org.tsnlat.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class EnvDiffProperties {

    @Property
    void aSnapshotNeverDiffersFromItself(@ForAll("snapshots") EnvSnapshot a) {
        assertThat(EnvDiff.diff(a, a)).isEmpty();
    }

    @Property
    void diffBackwardsIsDiffForwardsReversed(@ForAll("snapshots") EnvSnapshot a, @ForAll("snapshots") EnvSnapshot b) {
        List<EnvChange> forward = EnvDiff.diff(a, b);
        assertThat(EnvDiff.diff(b, a)).isEqualTo(forward.stream().map(EnvChange::reversed).toList());
        assertThat(forward).allMatch(c -> !c.before().equals(c.after()));
    }

    @Provide
    Arbitrary<EnvSnapshot> snapshots() {
        Arbitrary<String> cpus = Arbitraries.of("0", "1", "0-1", "2-3", "");
        Arbitrary<EnvSnapshot.ThreadInfo> thread = Combinators.combine(Arbitraries.integers().between(1, 5000),
                cpus, Arbitraries.of("SCHED_OTHER", "SCHED_FIFO")).as((pid, affinity, policy) ->
                new EnvSnapshot.ThreadInfo("t", pid, pid + 1, affinity, policy, 0, 0, pid % 2));
        Arbitrary<SortedMap<String, EnvSnapshot.ThreadInfo>> threads = Arbitraries.maps(
                Arbitraries.of("tsnlat-rx", "tsnlat-tx", "vhost", "vhost#2", "CPU 0/KVM"), thread)
                .ofMaxSize(4).map(TreeMap::new);
        Arbitrary<SortedMap<String, String>> qdisc = Arbitraries.maps(Arbitraries.of("root", "parent 1:10"),
                Arbitraries.of("noqueue", "tbf rate 100Mbit burst 32Kb lat 50ms", "pfifo limit 100"))
                .ofMaxSize(2).map(TreeMap::new);
        Arbitrary<SortedMap<String, EnvSnapshot.QdiscSchedule>> schedules = Arbitraries.of(500_000L, 1_000_000L)
                .map(cycle -> new EnvSnapshot.QdiscSchedule("taprio", "TAI", "0x1", 200_000L,
                        new EnvSnapshot.GateSchedule(0L, cycle, 0L, new TreeMap<>(Map.of(0,
                                new EnvSnapshot.GateEntry("S", "0x1", cycle)))), null, 1, List.of(0), List.of("1@0"),
                        null, null, null, null, null, null, null, null))
                .map(s -> (SortedMap<String, EnvSnapshot.QdiscSchedule>) new TreeMap<>(Map.of("root", s)))
                .injectNull(0.5);
        Arbitrary<SortedMap<String, EnvSnapshot.NetInterface>> net = Arbitraries.maps(
                Arbitraries.of("eth0", "lo"), Combinators.combine(qdisc, schedules).as((q, s) ->
                        new EnvSnapshot.NetInterface("virtio_net", "1.0",
                        "", "", 1500, "up", 1000, 1, 1, q, null, null, null, null, null, s)))
                .ofMaxSize(2).map(TreeMap::new);
        Arbitrary<SortedMap<String, String>> unreadable = Arbitraries.maps(
                Arbitraries.of("pmqos.cpuDmaLatencyUs", "kernel.isolcpus", "net.eth0.qdisc", "threads.tsnlat-rx"),
                Arbitraries.of("permission denied", "no such file")).ofMaxSize(3).map(TreeMap::new);
        Arbitrary<EnvSnapshot.Kernel> kernel = Arbitraries.of("2-3", "nohz,domain,managed_irq,2-3").injectNull(0.4)
                .map(iso -> new EnvSnapshot.Kernel("6.18.44", "#1 SMP PREEMPT_DYNAMIC", null, iso, null, null,
                        null, new TreeMap<>(Map.of("quiet", "(set)")), "PREEMPT_DYNAMIC", null, false, "tsc",
                        "tsc kvm-clock", null, "haltpoll", "haltpoll", "0-1", "", null, 0L, 950000L, 1000000L, null,
                        new TreeMap<>(Map.of("taprio", "absent: CONFIG_NET_SCH_TAPRIO not set"))));
        Arbitrary<EnvSnapshot.PmQosState> pmqos = Arbitraries.integers().between(0, 3).injectNull(0.3)
                .map(v -> new EnvSnapshot.PmQosState(v, v != null));
        return Combinators.combine(kernel, threads, net, pmqos, unreadable).as((k, t, n, p, u) ->
                new EnvSnapshot(EnvSnapshot.FORMAT, EnvSnapshot.VERSION, "2026-01-01T00:00:00Z",
                        new EnvSnapshot.Host("lab", "AMD EPYC", 2, 1L, 1L, null, true), k, new TreeMap<>(),
                        t, n, null, p, u));
    }
}
