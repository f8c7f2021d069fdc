package org.tsnlat.run;

import java.net.InetSocketAddress;
import org.tsnlat.linux.ClockId;

/**
 * What a receiver does.
 *
 * @param bind          address and port to listen on
 * @param count         probes to receive before stopping; {@link Long#MAX_VALUE} for no limit
 * @param durationNs    how long to listen; {@link Long#MAX_VALUE} for no limit
 * @param clock         clock of the application RX timestamps (must match the sender's)
 * @param sessionId     session to accept; 0 locks onto the first well-formed probe's session
 * @param tuning        scheduling of the receiving thread
 * @param interfaceName interface whose hardware RX timestamps to use, null for none
 * @param reflect       send probes that ask for it back to their sender (two-way clock cross-check);
 *                      false refuses and counts the requests
 * @param silenceNs     once probes have come, how long without one ends the run without the sender's
 *                      end of session: {@link #AUTO_SILENCE} for {@link #autoSilenceNs the default},
 *                      {@link Long#MAX_VALUE} never
 * @param anySource     believe probes of the locked session from any source address and port (a sender
 *                      behind NAT, or multi-homed); false locks onto the source too ({@link SenderLock})
 * @param maxLatencyNs  a probe whose app RX minus app TX is further from 0 than this is implausible:
 *                      counted apart, never measured ({@link #DEFAULT_MAX_LATENCY_NS} by default)
 */
public record ReceiverConfig(InetSocketAddress bind, long count, long durationNs, ClockId clock, long sessionId,
                             ThreadTuning tuning, String interfaceName, boolean reflect, long silenceNs,
                             boolean anySource, long maxLatencyNs) {
    /** The default bound on a plausible latency: an hour. */
    public static final long DEFAULT_MAX_LATENCY_NS = 3_600_000_000_000L;

    public ReceiverConfig {
        if (maxLatencyNs <= 0) throw new IllegalArgumentException("maxLatencyNs must be positive: " + maxLatencyNs);
    }

    /** From the source the session's quorum came from, latencies within an hour. */
    public ReceiverConfig(InetSocketAddress bind, long count, long durationNs, ClockId clock, long sessionId,
                          ThreadTuning tuning, String interfaceName, boolean reflect, long silenceNs) {
        this(bind, count, durationNs, clock, sessionId, tuning, interfaceName, reflect, silenceNs, false,
                DEFAULT_MAX_LATENCY_NS);
    }

    /** After the sender's end-of-session probe, how long stragglers (reordered probes) are still taken. */
    public static final long END_GRACE_NS = 100_000_000L;
    /** How often a blocked receive looks at the stop conditions. */
    public static final int POLL_MS = 100;

    /** {@link #silenceNs()}: the default, from the probes' period. */
    public static final long AUTO_SILENCE = 0;
    /** The default silence is at least this long: a sender's start-up or a host stall is not an end. */
    public static final long MIN_AUTO_SILENCE_NS = 3_000_000_000L;
    /** ... and at least this many of the sender's periods (at 1 probe a second, 100 s). */
    public static final int AUTO_SILENCE_PERIODS = 100;
    /** The default silence after a single probe, whose sender's period is not known yet. */
    public static final long ONE_PROBE_SILENCE_NS = 60_000_000_000L;

    /** Reflects what asks. */
    public ReceiverConfig(InetSocketAddress bind, long count, long durationNs, ClockId clock, long sessionId,
                          ThreadTuning tuning, String interfaceName) {
        this(bind, count, durationNs, clock, sessionId, tuning, interfaceName, true);
    }

    /** The default silence. */
    public ReceiverConfig(InetSocketAddress bind, long count, long durationNs, ClockId clock, long sessionId,
                          ThreadTuning tuning, String interfaceName, boolean reflect) {
        this(bind, count, durationNs, clock, sessionId, tuning, interfaceName, reflect, AUTO_SILENCE);
    }

    /**
     * The default silence for a sender of this period (0 while unknown): the longer of
     * {@value #MIN_AUTO_SILENCE_NS} ns and {@value #AUTO_SILENCE_PERIODS} periods.
     */
    public static long autoSilenceNs(long periodNs) {
        long periods = periodNs > Long.MAX_VALUE / AUTO_SILENCE_PERIODS ? Long.MAX_VALUE : periodNs * AUTO_SILENCE_PERIODS;
        return Math.max(MIN_AUTO_SILENCE_NS, periods);
    }
}
