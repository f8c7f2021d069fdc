package org.tsnlat.run;

import java.net.InetSocketAddress;
import org.tsnlat.linux.ClockId;

/**
 * What a sender does.
 *
 * @param destination where the probes go
 * @param periodNs    time between probes' scheduled times
 * @param count       probes to send; {@link Long#MAX_VALUE} until stopped
 * @param sizeBytes   UDP payload size of each probe (64 to 65507)
 * @param clock       clock of the schedule and of the application timestamps
 * @param baseTimeNs  schedule origin (seq n is due at base + n * period); {@link #ALIGNED} to start
 *                    at the next whole period of the clock after a short lead time
 * @param soPriority  SO_PRIORITY of the socket (selects a traffic class on the egress qdisc); -1 leaves it
 * @param tuning      scheduling of the sending thread
 * @param interfaceName interface whose hardware TX timestamps to use, null for none
 * @param reflectEvery  ask the receiver to reflect every Nth probe (seq % N == 0) for the two-way
 *                      clock cross-check; 0 never
 * @param clockFault    a made-up error of the sender's clock (tests, demos); {@link ClockFault#NONE}
 * @param endProbes     send the end-of-session probes (false: a made-up loss of all of them, for tests and demos)
 * @param txtimeOffsetNs SO_TXTIME: each probe asks to be launched at its scheduled time plus this
 *                      ({@link #NO_TXTIME}: no launch time); more than 0 and less than the period
 * @param txtimeDeadline SOF_TXTIME_DEADLINE_MODE: the launch time is a deadline (only with an offset)
 */
public record SenderConfig(InetSocketAddress destination, long periodNs, long count, int sizeBytes, ClockId clock,
                           long baseTimeNs, int soPriority, ThreadTuning tuning, String interfaceName,
                           int reflectEvery, ClockFault clockFault, boolean endProbes,
                           long txtimeOffsetNs, boolean txtimeDeadline) {
    /** {@link #txtimeOffsetNs()} when the probes carry no launch time. */
    public static final long NO_TXTIME = 0;
    public static final long ALIGNED = Long.MIN_VALUE;
    /** How far ahead of "now" an aligned schedule starts: time to set up, touch every code path once. */
    public static final long LEAD_NS = 200_000_000L;
    /**
     * The lead when the first probes fall into the measurement's warm-up anyway (kept out of the
     * figures): only the time from fixing the schedule to the sending thread's first sleep, which a
     * busy machine may overrun (the first probes then go late, in the warm-up).
     */
    public static final long SHORT_LEAD_NS = 30_000_000L;

    public SenderConfig {
        if (periodNs <= 0) throw new IllegalArgumentException("period must be greater than 0");
        if (count <= 0) throw new IllegalArgumentException("count must be greater than 0");
        if (reflectEvery < 0) throw new IllegalArgumentException("reflect-every must be 0 or more");
        if (clockFault == null) clockFault = ClockFault.NONE;
        checkTxTime(txtimeOffsetNs, txtimeDeadline, periodNs);
    }

    /**
     * The launch time a probe asks for is its scheduled time plus an offset of more than 0 and
     * less than the period. etf would take a later one, but then probe n would still wait in the
     * qdisc when probe n+1 is due, and n+1's follow-up could never carry n's kernel TX times.
     *
     * @throws IllegalArgumentException saying which rule is broken, in the options' words
     */
    public static void checkTxTime(long offsetNs, boolean deadline, long periodNs) {
        if (offsetNs == NO_TXTIME) {
            if (deadline) throw new IllegalArgumentException("--txtime-deadline needs --txtime");
            return;
        }
        if (offsetNs < 0) throw new IllegalArgumentException("--txtime must be greater than 0");
        if (offsetNs >= periodNs) {
            throw new IllegalArgumentException("--txtime " + org.tsnlat.time.DurationNs.format(offsetNs)
                    + " must be less than the period (" + org.tsnlat.time.DurationNs.format(periodNs)
                    + "): a probe's launch time must come before the next probe is due");
        }
    }

    /** Without a launch time. */
    public SenderConfig(InetSocketAddress destination, long periodNs, long count, int sizeBytes, ClockId clock,
                        long baseTimeNs, int soPriority, ThreadTuning tuning, String interfaceName,
                        int reflectEvery, ClockFault clockFault, boolean endProbes) {
        this(destination, periodNs, count, sizeBytes, clock, baseTimeNs, soPriority, tuning, interfaceName,
                reflectEvery, clockFault, endProbes, NO_TXTIME, false);
    }

    /** True when the probes carry an SO_TXTIME launch time. */
    public boolean txtime() {
        return txtimeOffsetNs != NO_TXTIME;
    }

    /** This configuration with each probe launched {@code offsetNs} after its scheduled time ({@link #NO_TXTIME}: not). */
    public SenderConfig withTxTime(long offsetNs, boolean deadline) {
        return new SenderConfig(destination, periodNs, count, sizeBytes, clock, baseTimeNs, soPriority, tuning,
                interfaceName, reflectEvery, clockFault, endProbes, offsetNs, deadline);
    }

    /** This configuration with its schedule origin at {@code baseTimeNs} (--taprio-align). */
    public SenderConfig withBaseTime(long baseTimeNs) {
        return new SenderConfig(destination, periodNs, count, sizeBytes, clock, baseTimeNs, soPriority, tuning,
                interfaceName, reflectEvery, clockFault, endProbes, txtimeOffsetNs, txtimeDeadline);
    }

    /** With its end-of-session probes. */
    public SenderConfig(InetSocketAddress destination, long periodNs, long count, int sizeBytes, ClockId clock,
                        long baseTimeNs, int soPriority, ThreadTuning tuning, String interfaceName,
                        int reflectEvery, ClockFault clockFault) {
        this(destination, periodNs, count, sizeBytes, clock, baseTimeNs, soPriority, tuning, interfaceName,
                reflectEvery, clockFault, true);
    }

    /** No reflection, no clock fault. */
    public SenderConfig(InetSocketAddress destination, long periodNs, long count, int sizeBytes, ClockId clock,
                        long baseTimeNs, int soPriority, ThreadTuning tuning, String interfaceName) {
        this(destination, periodNs, count, sizeBytes, clock, baseTimeNs, soPriority, tuning, interfaceName, 0,
                ClockFault.NONE);
    }

    /** This configuration with reflection of every Nth probe and the given clock fault. */
    public SenderConfig withTwoWay(int reflectEvery, ClockFault clockFault) {
        return new SenderConfig(destination, periodNs, count, sizeBytes, clock, baseTimeNs, soPriority, tuning,
                interfaceName, reflectEvery, clockFault, endProbes, txtimeOffsetNs, txtimeDeadline);
    }

    /** This configuration with or without its end-of-session probes. */
    public SenderConfig withEndProbes(boolean send) {
        return new SenderConfig(destination, periodNs, count, sizeBytes, clock, baseTimeNs, soPriority, tuning,
                interfaceName, reflectEvery, clockFault, send, txtimeOffsetNs, txtimeDeadline);
    }

    /** The first scheduled time: an explicit base moved forward by whole periods past now + lead, or aligned. */
    public long firstScheduledNs(long nowNs) {
        return firstScheduledNs(nowNs, LEAD_NS);
    }

    /** {@link #firstScheduledNs(long)} with this lead. */
    public long firstScheduledNs(long nowNs, long leadNs) {
        long earliest = nowNs + leadNs;
        if (baseTimeNs == ALIGNED) {
            return Math.ceilDiv(earliest, periodNs) * periodNs;
        }
        if (baseTimeNs >= earliest) {
            return baseTimeNs;
        }
        return baseTimeNs + Math.ceilDiv(earliest - baseTimeNs, periodNs) * periodNs;
    }
}
