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
 */
public record ReceiverConfig(InetSocketAddress bind, long count, long durationNs, ClockId clock, long sessionId,
                             ThreadTuning tuning, String interfaceName, boolean reflect) {
    /** After the sender's end-of-session probe, how long stragglers (reordered probes) are still taken. */
    public static final long END_GRACE_NS = 100_000_000L;
    /** How often a blocked receive looks at the stop conditions. */
    public static final int POLL_MS = 100;

    /** Reflects what asks. */
    public ReceiverConfig(InetSocketAddress bind, long count, long durationNs, ClockId clock, long sessionId,
                          ThreadTuning tuning, String interfaceName) {
        this(bind, count, durationNs, clock, sessionId, tuning, interfaceName, true);
    }
}
