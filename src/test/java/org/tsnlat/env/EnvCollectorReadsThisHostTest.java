package org.tsnlat.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tsnlat.linux.Cpus;
import org.tsnlat.linux.Scheduling;

/** collect() on the real /proc and /sys of this machine. */
class EnvCollectorReadsThisHostTest {

    @Test
    void snapshotHasKernelClockCpusLoopbackAndTheCallingThread() throws Exception {
        int tid = Scheduling.gettid();
        EnvSnapshot s = EnvCollector.collect(new EnvRequest(List.of("lo"), null, Map.of("tsnlat-test", tid)));

        assertThat(s.format()).isEqualTo("tsnlat-env");
        assertThat(s.version()).isEqualTo(1);
        assertThat(s.kernel().release()).isEqualTo(Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip());
        assertThat(s.kernel().clocksource()).isEqualTo(Files.readString(
                Path.of("/sys/devices/system/clocksource/clocksource0/current_clocksource")).strip());
        assertThat(Cpus.parseList(s.kernel().onlineCpus()).cardinality()).isEqualTo(Cpus.online());
        assertThat(s.host().cpuCount()).isEqualTo(Cpus.online());

        // /proc/sys answers only a read at offset 0: the whole number, not its first digit
        String period = new String(Files.newInputStream(Path.of("/proc/sys/kernel/sched_rt_period_us")).readAllBytes()).strip();
        assertThat(s.kernel().rtPeriodUs()).isEqualTo(Long.parseLong(period));
        assertThat(s.kernel().rtRuntimeUs()).isNotNull();
        assertThat(s.kernel().rtThrottling()).startsWith(s.kernel().rtRuntimeUs() < 0 ? "off" : "on: real-time tasks get "
                + s.kernel().rtRuntimeUs() + " of every " + period + " us");
        if (!Files.isDirectory(Path.of("/sys/devices/system/cpu/cpu0/cpuidle"))) {
            assertThat(s.kernel().cpuidleStates()).isNull();
            assertThat(s.unreadable()).containsEntry("kernel.cpuidleStates", "no cpuidle");
        } else {
            assertThat(s.kernel().cpuidleStates()).isNotEmpty();
        }

        EnvSnapshot.NetInterface lo = s.net().get("lo");
        assertThat(lo).isNotNull();
        assertThat(lo.qdisc()).containsKey("root");
        assertThat(lo.qdisc().get("root")).isEqualTo("noqueue");
        assertThat(lo.mtu()).isPositive();
        assertThat(lo.offloads()).containsEntry("loopback", "on [fixed]");
        assertThat(s.unreadable()).containsKey("net.lo.driver"); // lo has no ethtool driver info

        EnvSnapshot.ThreadInfo me = s.threads().get("tsnlat-test");
        assertThat(me.tid()).isEqualTo(tid);
        assertThat(me.pid()).isEqualTo((int) ProcessHandle.current().pid());
        assertThat(me.affinity()).isEqualTo(Cpus.formatList(Scheduling.getAffinity()));
        assertThat(me.policy()).isEqualTo("SCHED_" + Scheduling.getScheduler().name());
        assertThat(me.rtPriority()).isEqualTo(Scheduling.getPriority());
    }

    @Test
    void interfacesWithDefaultRouteHaveTheirIrqsAndDriver() {
        List<String> ifs = EnvCollector.defaultInterfaces(null);
        List<String> withDriver = ifs.stream()
                .filter(i -> Files.isSymbolicLink(Path.of("/sys/class/net", i, "device", "driver"))).toList();
        assumeThat(withDriver).as("an interface with a default route and a device driver (none: %s)", ifs).isNotEmpty();
        EnvSnapshot s = EnvCollector.collect(new EnvRequest(ifs, null, Map.of()));
        for (String ifname : withDriver) {
            assertThat(s.net().get(ifname).driver()).isNotBlank();
            assertThat(s.irqs().values()).anyMatch(irq -> irq.interfaceName().equals(ifname));
        }
    }

    @Test
    void unknownInterfaceIsRecordedAsUnreadableNotThrown() {
        EnvSnapshot s = EnvCollector.collect(new EnvRequest(List.of("nosuchif0"), null, Map.of("gone", 1 << 30)));
        assertThat(s.unreadable()).containsEntry("net.nosuchif0", "no such interface");
        assertThat(s.unreadable()).containsKey("threads.gone");
        assertThat(s.kernel().release()).isNotBlank();
    }
}
