package org.tsnlat.tune;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tsnlat.linux.Cpus;

/** The formats tune reads without a host: CPU masks, kernel parameters and boot lines, ethtool -n, patterns. */
class TuneParsersTest {
    @Test
    void cpuMasksReadAndWriteAsTheKernelDoes() {
        assertThat(CpuMask.parse("0").isEmpty()).isTrue();
        assertThat(CpuMask.parse("4")).isEqualTo(Cpus.parseList("2"));
        assertThat(CpuMask.parse("00000000,0000000c")).isEqualTo(Cpus.parseList("2-3"));
        assertThat(CpuMask.parse("1,00000001")).isEqualTo(Cpus.parseList("0,32"));
        assertThat(CpuMask.format(Cpus.parseList(""))).isEqualTo("0");
        assertThat(CpuMask.format(Cpus.parseList("2"))).isEqualTo("4");
        assertThat(CpuMask.format(Cpus.parseList("0,32"))).isEqualTo("1,00000001");
        assertThat(CpuMask.format(Cpus.parseList("0-7"))).isEqualTo("ff");
        assertThat(CpuMask.words(Cpus.parseList("0"))).isEqualTo("CPU 0");
        assertThat(CpuMask.words(Cpus.parseList("0-3"))).isEqualTo("CPUs 0-3");
    }

    @Test
    void kernelParametersAreComparedByMeaningAndAViolationGivesTheWholeBootLine() {
        String cmdline = "BOOT_IMAGE=/vmlinuz root=/dev/sda1 isolcpus=managed_irq,domain,2,3 nohz_full=1 quiet -- single";
        var kernel = new HostPlan.Kernel("nohz,domain,managed_irq,2-3", "2-3", "2-3", null);
        List<Finding> f = KernelCheck.check(kernel, new SysFiles.Text(cmdline, null));
        assertThat(f).extracting(Finding::item).containsExactly("kernel isolcpus", "kernel nohz_full", "kernel rcu_nocbs");
        assertThat(f.get(0).status()).as("nohz is a flag of its own").isEqualTo(Finding.Status.VIOLATED);
        String line = "BOOT_IMAGE=/vmlinuz root=/dev/sda1 isolcpus=nohz,domain,managed_irq,2-3 nohz_full=2-3 quiet "
                + "rcu_nocbs=2-3 -- single";
        assertThat(f.get(1).evidence()).containsExactly("nohz_full=1 on the kernel command line, plan says nohz_full=2-3");
        assertThat(f.get(1).manual()).isEqualTo("a reboot with the boot line: " + line);
        assertThat(f.get(2).evidence()).containsExactly("rcu_nocbs is not on the kernel command line, plan says rcu_nocbs=2-3");
        assertThat(f.get(1).fixes()).as("never applied").isEmpty();

        var same = new HostPlan.Kernel("domain,managed_irq,2-3", "1", null, null);
        assertThat(KernelCheck.check(same, new SysFiles.Text(cmdline, null)))
                .allSatisfy(x -> assertThat(x.status()).isEqualTo(Finding.Status.HELD))
                .extracting(x -> x.evidence().getFirst()).containsExactly("isolcpus=managed_irq,domain,2,3", "nohz_full=1");
        assertThat(KernelCheck.check(same, new SysFiles.Text(null, "permission denied")))
                .allSatisfy(x -> assertThat(x.status()).isEqualTo(Finding.Status.UNKNOWN));
    }

    @Test
    void ethtoolRulesAreReadFromItsListing() {
        String listing = """
                4 RX rings available
                Total 2 rules

                Filter: 1022
                	Rule Type: TCP over IPv4
                	Dest port: 80 mask: 0x0
                	Action: Drop

                Filter: 1023
                	Rule Type: UDP over IPv4
                	Src IP addr: 0.0.0.0 mask: 255.255.255.255
                	Dest IP addr: 0.0.0.0 mask: 255.255.255.255
                	TOS: 0x0 mask: 0xff
                	Src port: 0 mask: 0xffff
                	Dest port: 7788 mask: 0x0
                	Action: Direct to queue 2
                """;
        assertThat(NtupleCheck.parse(listing)).containsExactly(new NtupleCheck.Rule(1022, "tcp4", 80, -1),
                new NtupleCheck.Rule(1023, "udp4", 7788, 2));
        assertThat(NtupleCheck.parse("4 RX rings available\nTotal 0 rules\n")).isEmpty();
    }

    @Test
    void patternsMatchAsTheShellDoes() {
        assertThat(Glob.of("CPU */KVM").matches("CPU 12/KVM")).isTrue();
        assertThat(Glob.of("vhost-*").matches("vhost-1234")).isTrue();
        assertThat(Glob.of("irq/*-eth0-rx-?").matches("irq/45-eth0-rx-2")).isTrue();
        assertThat(Glob.of("irq/*-eth0-rx-?").matches("irq/45-eth0-rx-12")).isFalse();
        assertThat(Glob.of("ptp4l").matches("ptp4l2")).isFalse();
        assertThat(Glob.of("a.b").matches("axb")).as("a dot is a dot").isFalse();
    }

    @Test
    void aSecondApplyKeepsTheOriginalValue() {
        Change first = new Change(Change.FILE, "x", null, "/p", null, null, null, "0", "2");
        Change second = new Change(Change.FILE, "x", null, "/p", null, null, null, "2", "4");
        TuneState s = TuneState.empty().with(first).with(second);
        assertThat(s.changes()).containsExactly(first);
        assertThat(s.withPlan("a").withPlan("a").plans()).containsExactly("a");
    }

    @Test
    void aProcSysFileIsReadWholeNotItsFirstByte() throws Exception {
        String path = "/proc/sys/kernel/sched_rt_period_us";
        Process cat = new ProcessBuilder("cat", path).start();
        String expected = new String(cat.getInputStream().readAllBytes()).strip();
        assertThat(cat.waitFor()).isZero();
        assertThat(expected).hasSizeGreaterThan(1);
        assertThat(SysFiles.read(null, path).value()).isEqualTo(expected);
    }
}
