package org.tsnlat.env;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.SortedMap;
import org.tsnlat.env.NotCompared.Why;

/**
 * What a host looked like when a run started: format {@value #FORMAT}, version {@value #VERSION}.
 * Written by {@code tsnlat env show --json} and as the {@code env} field of meta.json; read back
 * by {@code tsnlat env diff}. docs/environment.md describes every field.
 *
 * <p>A value that could not be read is null (absent from the JSON) and its key, such as
 * {@code "pmqos.cpuDmaLatencyUs"}, is in {@link #unreadable} with the reason. Keys are the
 * dotted JSON paths of the fields. Collections are maps keyed by a name that stays the same
 * from one boot to the next (interface name, IRQ action name, thread name with an ordinal),
 * never by a pid, ifindex or list position, so that two snapshots line up field by field.
 *
 * <p>Versioning: a reader accepts every version up to its own; fields are only ever added
 * within a version, and an unknown field is still compared.
 *
 * @param format     always {@value #FORMAT}
 * @param version    {@value #VERSION}
 * @param takenAt    when it was taken (ISO-8601 UTC)
 * @param host       the machine
 * @param kernel     kernel build, boot parameters, clocks, CPU frequency and idle
 * @param irqs       IRQs of the interfaces in use, by action name ("virtio2-input.0")
 * @param threads    threads of interest by stable name ("tsnlat-rx", "vhost#1", "ksoftirqd/0")
 * @param net        interfaces in use, by name
 * @param ptp        ptp4l/phc2sys processes and PTP hardware clocks
 * @param pmqos      the CPU wake-up latency limit
 * @param unreadable what could not be read, by dotted key, with the reason
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EnvSnapshot(
        @NotCompared(Why.BOOKKEEPING) String format,
        @NotCompared(Why.BOOKKEEPING) int version,
        @NotCompared(Why.VOLATILE) String takenAt,
        Host host,
        Kernel kernel,
        SortedMap<String, Irq> irqs,
        SortedMap<String, ThreadInfo> threads,
        SortedMap<String, NetInterface> net,
        Ptp ptp,
        PmQosState pmqos,
        @NotCompared(Why.BOOKKEEPING) SortedMap<String, String> unreadable) {

    public static final String FORMAT = "tsnlat-env";
    public static final int VERSION = 1;

    /**
     * @param hostname       /proc/sys/kernel/hostname
     * @param cpuModel       first "model name" of /proc/cpuinfo
     * @param cpuCount       CPUs online (sysconf)
     * @param memTotalKb     MemTotal of /proc/meminfo
     * @param memAvailableKb MemAvailable of /proc/meminfo
     * @param systemVendor   DMI sys_vendor and product_name ("QEMU Standard PC (Q35 + ICH9, 2009)")
     * @param hypervisor     the "hypervisor" CPU flag: this is a virtual machine
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Host(String hostname, String cpuModel, Integer cpuCount, Long memTotalKb,
            @NotCompared(Why.VOLATILE) Long memAvailableKb, String systemVendor, Boolean hypervisor) {}

    /**
     * @param release        /proc/sys/kernel/osrelease
     * @param version        /proc/sys/kernel/version ("#1 SMP PREEMPT_DYNAMIC ...")
     * @param cmdline        /proc/cmdline, compared parameter by parameter
     * @param isolcpus       isolcpus= as given ("nohz,domain,managed_irq,2-3")
     * @param nohzFull       nohz_full=
     * @param rcuNocbs       rcu_nocbs=
     * @param irqaffinity    irqaffinity=
     * @param bootParams     every other kernel parameter before "--" (a flag maps to "(set)")
     * @param preemptBuild   PREEMPT_RT, PREEMPT_DYNAMIC, PREEMPT or "none/voluntary", from version
     * @param preemptMode    the mode in force under PREEMPT_DYNAMIC (/sys/kernel/debug/sched/preempt)
     * @param realtime       /sys/kernel/realtime reads 1
     * @param clocksource    current clock source
     * @param availableClocksources the other choices
     * @param cpufreqGovernors scaling_governor by CPU ("cpu0")
     * @param cpuidleDriver  /sys/devices/system/cpu/cpuidle/current_driver
     * @param cpuidleGovernor current_governor (or current_governor_ro)
     * @param onlineCpus     /sys/devices/system/cpu/online
     * @param isolatedCpus   /sys/devices/system/cpu/isolated ("" for none)
     * @param nohzFullCpus   /sys/devices/system/cpu/nohz_full
     * @param taiOffsetS     CLOCK_TAI - CLOCK_REALTIME in whole seconds (37 when set, 0 when not)
     * @param rtRuntimeUs    /proc/sys/kernel/sched_rt_runtime_us: the real-time tasks' budget per
     *                       period; -1 turns RT throttling off (absent in snapshots from before the field)
     * @param rtPeriodUs     /proc/sys/kernel/sched_rt_period_us
     * @param cpuidleStates  the idle states by CPU ("cpu0"), or under "all" when every CPU has the
     *                       same; then by state directory ("state0"); null without cpuidle
     * @param timeAwareQdiscs whether this kernel has the time-aware qdiscs, by name ("etf", "mqprio",
     *                       "taprio"): "present: /sys/module/sch_etf", "absent: CONFIG_NET_SCH_ETF not set"
     *                       or "unknown: ..." with the evidence (absent in snapshots from before the field)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Kernel(String release, String version,
            @NotCompared(Why.SUMMARISED) String cmdline,
            String isolcpus, String nohzFull, String rcuNocbs, String irqaffinity,
            SortedMap<String, String> bootParams,
            String preemptBuild, String preemptMode, Boolean realtime,
            String clocksource, String availableClocksources,
            SortedMap<String, String> cpufreqGovernors,
            String cpuidleDriver, String cpuidleGovernor,
            String onlineCpus, String isolatedCpus, String nohzFullCpus, Long taiOffsetS,
            Long rtRuntimeUs, Long rtPeriodUs, SortedMap<String, SortedMap<String, IdleState>> cpuidleStates,
            SortedMap<String, String> timeAwareQdiscs) {

        /** RT throttling in words: "off (sched_rt_runtime_us -1)", "on: 950000 of every 1000000 us (95.0 %)", or null. */
        public String rtThrottling() {
            if (rtRuntimeUs == null) return null;
            if (rtRuntimeUs < 0) return "off (sched_rt_runtime_us " + rtRuntimeUs + ")";
            if (rtPeriodUs == null || rtPeriodUs <= 0) return "on: " + rtRuntimeUs + " us per period";
            return String.format(java.util.Locale.ROOT, "on: real-time tasks get %d of every %d us (%.1f %%)",
                    rtRuntimeUs, rtPeriodUs, 100.0 * rtRuntimeUs / rtPeriodUs);
        }
    }

    /**
     * One cpuidle state (/sys/devices/system/cpu/cpuN/cpuidle/stateK).
     *
     * @param name      its name ("POLL", "C1", "C1E")
     * @param latencyUs its exit latency: the time a CPU takes to wake from it
     * @param disabled  its disable file reads 1: the governor never picks it
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record IdleState(String name, Long latencyUs, Boolean disabled) {}

    /**
     * @param number            the IRQ number (may differ between boots)
     * @param interfaceName     the interface in use it serves
     * @param affinity          /proc/irq/N/smp_affinity_list
     * @param effectiveAffinity /proc/irq/N/effective_affinity_list
     * @param counts            interrupts so far by CPU ("cpu0")
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Irq(@NotCompared(Why.VOLATILE) Integer number, String interfaceName,
            String affinity, String effectiveAffinity,
            @NotCompared(Why.VOLATILE) SortedMap<String, Long> counts) {}

    /**
     * @param comm       the thread's name (/proc/PID/task/TID/comm)
     * @param pid        process id
     * @param tid        thread id
     * @param affinity   Cpus_allowed_list of its status
     * @param policy     SCHED_OTHER, SCHED_FIFO, SCHED_RR, SCHED_BATCH, SCHED_IDLE, SCHED_DEADLINE
     * @param rtPriority real-time priority (0 for OTHER)
     * @param nice       nice value
     * @param lastCpu    the CPU it last ran on
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ThreadInfo(String comm, @NotCompared(Why.VOLATILE) Integer pid,
            @NotCompared(Why.VOLATILE) Integer tid, String affinity, String policy,
            Integer rtPriority, Integer nice, @NotCompared(Why.VOLATILE) Integer lastCpu) {}

    /**
     * @param driver          ETHTOOL_GDRVINFO driver
     * @param driverVersion   its version
     * @param firmwareVersion NIC firmware
     * @param busInfo         bus address
     * @param mtu             /sys/class/net/IF/mtu
     * @param operstate       up, down, unknown...
     * @param txQueueLen      tx_queue_len
     * @param txQueues        tx-N directories under queues/
     * @param rxQueues        rx-N directories under queues/
     * @param qdisc           each qdisc by where it hangs ("root", "ingress", "parent 1:10"),
     *                        summarised as tc prints it ("tbf rate 100Mbit burst 32Kb lat 50ms")
     * @param tcQdisc         the same, as {@code tc -j qdisc show dev IF} printed it
     * @param offloads        ethtool features ("rx-gro" -> "on")
     * @param timestamping    ETHTOOL_GET_TS_INFO
     * @param xpsCpus         queues/tx-N/xps_cpus masks
     * @param rpsCpus         queues/rx-N/rps_cpus masks
     * @param schedules       the time-aware qdiscs (taprio, etf, mqprio) by where they hang, as in
     *                        {@code qdisc}: their schedules and traffic classes; empty for none,
     *                        absent in snapshots from before the field
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record NetInterface(String driver, String driverVersion, String firmwareVersion,
            String busInfo, Integer mtu, String operstate, Integer txQueueLen,
            Integer txQueues, Integer rxQueues, SortedMap<String, String> qdisc,
            @NotCompared(Why.SUMMARISED) JsonNode tcQdisc,
            SortedMap<String, String> offloads, Timestamping timestamping,
            SortedMap<String, String> xpsCpus, SortedMap<String, String> rpsCpus,
            SortedMap<String, QdiscSchedule> schedules) {}

    /**
     * A time-aware qdisc as {@code tc -j qdisc show} prints its options ({@link QdiscSchedules});
     * the fields of the other kinds are absent.
     *
     * @param kind          taprio, etf or mqprio
     * @param clockid       taprio, etf: the clock of the schedule ("TAI"; "invalid" when none, as
     *                      under taprio's full offload, where the NIC's clock runs it)
     * @param flags         taprio: 0x1 txtime-assist, 0x2 full offload (hex; absent: software)
     * @param txtimeDelayNs taprio with txtime-assist: how long before its gate opens a packet may leave
     * @param schedule      taprio: the schedule in force (the operational one)
     * @param adminSchedule taprio: a schedule given but not yet in force (from its base time on)
     * @param numTc         taprio, mqprio: traffic classes
     * @param map           taprio, mqprio: the traffic class of each priority 0..15
     * @param queues        taprio, mqprio: each traffic class's TX queues as count@offset ("2@2")
     * @param mode          mqprio: dcb or channel (absent when tc did not say)
     * @param shaper        mqprio: dcb or bw_rlimit
     * @param minRate       mqprio with bw_rlimit: each class's rate ("10Mbit")
     * @param maxRate       mqprio with bw_rlimit: each class's ceiling
     * @param deltaNs       etf: how long before its launch time a packet is handed to the NIC
     * @param offload       etf: the NIC enforces the launch time
     * @param deadlineMode  etf: a launch time is a deadline
     * @param skipSockCheck etf: packets from sockets without SO_TXTIME are taken too
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record QdiscSchedule(String kind, String clockid, String flags, Long txtimeDelayNs,
            GateSchedule schedule, GateSchedule adminSchedule,
            Integer numTc, java.util.List<Integer> map, java.util.List<String> queues,
            String mode, String shaper, java.util.List<String> minRate, java.util.List<String> maxRate,
            Long deltaNs, Boolean offload, Boolean deadlineMode, Boolean skipSockCheck) {}

    /**
     * A taprio gate control list, repeated every {@code cycleTimeNs} from {@code baseTimeNs}.
     *
     * @param baseTimeNs           when the schedule starts, ns of the qdisc's clock
     * @param cycleTimeNs          the cycle (the sum of the intervals unless given)
     * @param cycleTimeExtensionNs how far the last cycle before a new schedule may stretch
     * @param entries              by the entry's own index, in order
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record GateSchedule(Long baseTimeNs, Long cycleTimeNs, Long cycleTimeExtensionNs,
            SortedMap<Integer, GateEntry> entries) {}

    /**
     * One entry of a gate control list.
     *
     * @param command    "S" (set gates; tc prints "Invalid" for a command it does not know)
     * @param gateMask   the open gates, bit N for traffic class N, hex ("0x3")
     * @param intervalNs how long they stay so
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record GateEntry(String command, String gateMask, Long intervalNs) {}

    /**
     * @param soTimestamping SOF_TIMESTAMPING_* bits offered, hex
     * @param phcIndex       /dev/ptpN of the NIC, -1 for none
     * @param txTypes        HWTSTAMP_TX_* bits, hex
     * @param rxFilters      HWTSTAMP_FILTER_* bits, hex
     * @param hardwareRx     hardware RX timestamps offered
     * @param hardwareTx     hardware TX timestamps offered
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Timestamping(String soTimestamping, Integer phcIndex, String txTypes,
            String rxFilters, Boolean hardwareRx, Boolean hardwareTx) {}

    /**
     * @param processes ptp4l and phc2sys by name ("ptp4l", "ptp4l#1" for a second one)
     * @param devices   /dev/ptpN present, with their clock_name
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Ptp(SortedMap<String, PtpProcess> processes, SortedMap<String, String> devices) {}

    /**
     * @param pid         process id
     * @param commandLine its arguments, space-separated
     * @param configFile  the file given with -f
     * @param udsAddress  uds_address of that file (ptp4l's default /var/run/ptp4l when not set)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PtpProcess(@NotCompared(Why.VOLATILE) Integer pid, String commandLine,
            String configFile, String udsAddress) {}

    /**
     * @param cpuDmaLatencyUs the limit in force, read from /dev/cpu_dma_latency (root only)
     * @param heldByThisProcess this process has /dev/cpu_dma_latency open (tsnlat holds a limit)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PmQosState(Integer cpuDmaLatencyUs, Boolean heldByThisProcess) {}
}
