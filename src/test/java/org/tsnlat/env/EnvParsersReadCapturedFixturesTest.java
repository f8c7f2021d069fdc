package org.tsnlat.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The parsers against files captured on this VM (kernel 6.18, virtio_net, iproute2 6.1). */
class EnvParsersReadCapturedFixturesTest {

    @Test
    void interruptsGivesCpuColumnsCountsAndActionNames() {
        Interrupts table = Interrupts.parse(Fixtures.text("env/interrupts.txt"));
        assertThat(table.cpus()).containsExactly("cpu0", "cpu1");
        Interrupts.Line input = table.lines().stream().filter(l -> l.number() == 38).findFirst().orElseThrow();
        assertThat(input.actionName()).isEqualTo("virtio2-input.0");
        assertThat(input.counts()).containsExactly(0, 980);
        assertThat(table.lines()).noneMatch(l -> l.words().contains("Local")); // LOC: is no device IRQ
    }

    @Test
    void irqWordsMatchTheInterfaceOrItsDeviceFollowedBySeparator() {
        Set<String> names = Set.of("eth0", "virtio2");
        assertThat(IrqProbe.matches("virtio2-input.0", names)).isTrue();
        assertThat(IrqProbe.matches("eth0-TxRx-0", names)).isTrue();
        assertThat(IrqProbe.matches("eth0", names)).isTrue();
        assertThat(IrqProbe.matches("virtio20-input.0", names)).isFalse();
        assertThat(IrqProbe.matches("eth01", names)).isFalse();
        Interrupts table = Interrupts.parse(Fixtures.text("env/interrupts.txt"));
        assertThat(table.lines().stream().filter(l -> l.words().stream().anyMatch(w -> IrqProbe.matches(w, names)))
                .map(Interrupts.Line::actionName))
                .containsExactly("virtio2-config", "virtio2-input.0", "virtio2-output.0");
    }

    @Test
    void firecrackerCommandLineStopsAtDoubleDashAndHasNoIsolation() {
        BootParams p = BootParams.parse(Fixtures.text("env/cmdline-firecracker.txt").strip());
        assertThat(p.get("isolcpus")).isNull();
        assertThat(p.get("quiet")).isEqualTo(BootParams.FLAG);
        assertThat(p.get("cpuidle_haltpoll.force")).isEqualTo("1");
        assertThat(p.all()).doesNotContainKeys("--addr", "--firecracker-init");
    }

    @Test
    void isolatedCommandLineGivesEachIsolationParameter() {
        String cmdline = "BOOT_IMAGE=/vmlinuz-6.18.0-rt root=UUID=1234 ro quiet "
                + "isolcpus=nohz,domain,managed_irq,2-3 nohz_full=2-3 rcu_nocbs=2-3 irqaffinity=0-1 "
                + "dyndbg=\"file x.c +p\"";
        BootParams p = BootParams.parse(cmdline);
        assertThat(p.get("isolcpus")).isEqualTo("nohz,domain,managed_irq,2-3");
        assertThat(p.get("nohz_full")).isEqualTo("2-3");
        assertThat(p.get("rcu_nocbs")).isEqualTo("2-3");
        assertThat(p.get("irqaffinity")).isEqualTo("0-1");
        assertThat(p.get("dyndbg")).isEqualTo("file x.c +p");
        assertThat(p.without("isolcpus", "nohz_full", "rcu_nocbs", "irqaffinity"))
                .containsOnlyKeys("BOOT_IMAGE", "root", "ro", "quiet", "dyndbg");
    }

    @Test
    void qdiscsAreSummarisedAsTcPrintsThemWithoutHandlesOrCounters() {
        assertThat(Qdiscs.summaries(Fixtures.json("env/tc-noqueue.json"))).containsExactly(
                java.util.Map.entry("root", "noqueue"));
        assertThat(Qdiscs.summaries(Fixtures.json("env/tc-tbf.json"))).containsExactly(
                java.util.Map.entry("root", "tbf rate 100Mbit burst 32Kb lat 50ms"));
        assertThat(Qdiscs.summaries(Fixtures.json("env/tc-htb.json"))).containsExactly(
                java.util.Map.entry("parent 1:10", "pfifo limit 100"),
                java.util.Map.entry("root", "htb r2q 10 default 0x10 direct_qlen 1000"));
        assertThat(Qdiscs.summaries(Fixtures.json("env/tc-pfifo_fast.json")).get("root"))
                .isEqualTo("pfifo_fast bands 3 priomap 1 2 2 2 1 2 0 0 1 1 1 1 1 1 1 1 multiqueue false");
    }

    @Test
    void tcUnitsFollowTc() {
        assertThat(Qdiscs.rate(1_500_000)).isEqualTo("1.5Mbit");
        assertThat(Qdiscs.rate(999)).isEqualTo("999bit");
        assertThat(Qdiscs.size(1_048_576)).isEqualTo("1Mb");
        assertThat(Qdiscs.size(1500)).isEqualTo("1500b");
        assertThat(Qdiscs.timeUs(2_000_000)).isEqualTo("2s");
        assertThat(Qdiscs.timeUs(400)).isEqualTo("400us");
    }

    @Test
    void statLineOfMigrationThreadIsFifo99() {
        TaskStat s = TaskStat.parse(Fixtures.text("env/stat-migration0.txt").strip());
        assertThat(s.comm()).isEqualTo("migration/0");
        assertThat(s.policyName()).isEqualTo("SCHED_FIFO");
        assertThat(s.rtPriority()).isEqualTo(99);
        assertThat(s.lastCpu()).isZero();
        assertThat(s.nice()).isZero();
    }

    @Test
    void statLineWithSpacesAndParenthesesInCommCountsFromTheLastParenthesis() {
        String line = "4321 (CPU 0/KVM) (x)) R 1 " + "0 ".repeat(14) + "5 " + "0 ".repeat(19) + "1 2 1 0 0";
        // fields 3..: R(3) 1(4) 14 zeros (5-18) 5(19 nice) 19 zeros (20-38) 1(39) 2(40) 1(41)
        TaskStat s = TaskStat.parse(line);
        assertThat(s.comm()).isEqualTo("CPU 0/KVM) (x)");
        assertThat(s.nice()).isEqualTo(5);
        assertThat(s.lastCpu()).isEqualTo(1);
        assertThat(s.rtPriority()).isEqualTo(2);
        assertThat(s.policyName()).isEqualTo("SCHED_FIFO");
        assertThatThrownBy(() -> TaskStat.parse("garbage")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void vhostThreadsLoseTheQemuPidInTheirStableName() {
        assertThat(ThreadProbe.stableName("vhost-4321")).isEqualTo("vhost");
        assertThat(ThreadProbe.stableName("CPU 1/KVM")).isEqualTo("CPU 1/KVM");
        assertThat(ThreadProbe.stableName("ksoftirqd/1")).isEqualTo("ksoftirqd/1");
    }

    @Test
    void ptp4lConfigGivesUdsAddressOfGlobalSectionOnly() {
        assertThat(PtpProbe.udsAddressOf("[global]\nuds_address /run/a.sock\n[eth0]\nuds_address /x\n"))
                .isEqualTo("/run/a.sock");
        assertThat(PtpProbe.udsAddressOf("[global]\ndomainNumber 0\n")).isEqualTo(PtpProbe.DEFAULT_UDS);
        assertThat(PtpProbe.option(List.of("ptp4l", "-i", "eth0", "-f", "/etc/p.cfg"), "-f")).isEqualTo("/etc/p.cfg");
        assertThat(PtpProbe.arguments("ptp4l\0-m\0".getBytes())).containsExactly("ptp4l", "-m");
    }

    @Test
    void defaultRoutesComeFromBothRouteTables() {
        String v4 = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
                + "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"
                + "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n";
        assertThat(DefaultRoutes.ipv4(v4)).containsExactly("eth0");
        String v6 = "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
                + "fe800000000000000000000000000001 00000400 00000001 00000000 00000003 eth1\n"
                + "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
                + "00000000000000000000000000000000 ffffffff 00000001 00000000 00200200 lo\n";
        assertThat(DefaultRoutes.ipv6(v6)).containsExactly("eth1");
    }

    @Test
    void selectorTextGivesTheChoiceInParentheses() {
        assertThat(KernelProbe.selected("none voluntary (full) lazy")).isEqualTo("full");
        assertThat(KernelProbe.preemptBuild("#1 SMP PREEMPT_RT Debian 6.1")).isEqualTo("PREEMPT_RT");
        assertThat(KernelProbe.preemptBuild("#1 SMP PREEMPT_DYNAMIC @0")).isEqualTo("PREEMPT_DYNAMIC");
        assertThat(KernelProbe.preemptBuild("#1 SMP Debian 6.1.0")).isEqualTo("none/voluntary");
    }
}
