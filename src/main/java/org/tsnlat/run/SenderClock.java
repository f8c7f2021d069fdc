package org.tsnlat.run;

import org.tsnlat.linux.Clock;
import org.tsnlat.linux.ClockId;

/**
 * What the sender believes the time is: the run's clock, perturbed by a {@link ClockFault} when
 * one is injected. Everything the sender's side reads or waits for goes through it: scheduled
 * and wake times, app TX times, kernel TX and RX timestamps (via {@link #toSenderTime}), and the
 * two-way exchange's t1, t4 and its intervals. So an injected fault looks, to the rest of tsnlat,
 * exactly like a sender host whose clock is off.
 *
 * <p>With {@link ClockFault#NONE} every method is the plain clock behind one final boolean.
 * One instance per thread, as {@link Clock}; allocates nothing.
 */
public final class SenderClock {
    private final Clock clock;
    private final ClockFault fault;
    private final boolean faulty;
    private final long originNs;

    private SenderClock(Clock clock, ClockFault fault, long originNs) {
        this.clock = clock;
        this.fault = fault;
        this.faulty = !(fault instanceof ClockFault.None);
        this.originNs = originNs;
    }

    /**
     * @param originNs true time (on {@code id}) from which the fault's elapsed time counts
     */
    public static SenderClock open(ClockId id, ClockFault fault, long originNs) {
        return new SenderClock(Clock.open(id), fault, originNs);
    }

    public ClockId id() {
        return clock.id();
    }

    /** The sender's time: true + fault offset. HOT. */
    public long nowNs() {
        return toSenderTime(clock.nowNs());
    }

    /** Sleeps until the sender's clock reads at least {@code deadlineNs}. HOT. */
    public void sleepUntilNs(long deadlineNs) {
        clock.sleepUntilNs(faulty ? originNs + fault.trueElapsedNs(deadlineNs - originNs) : deadlineNs);
    }

    /** A kernel timestamp already on the run's clock, as the sender's clock would have read it. */
    public long toSenderTime(long runClockNs) {
        return faulty ? runClockNs + fault.offsetNs(runClockNs - originNs) : runClockNs;
    }
}
