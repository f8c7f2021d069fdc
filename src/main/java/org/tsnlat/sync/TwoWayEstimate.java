package org.tsnlat.sync;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The in-band two-way estimate of one interval, NTP-style from reflected probes: for each
 * reflection t1 (sender sends), t2 (receiver receives), t3 (receiver sends back), t4 (sender
 * receives), delay = (t4 - t1) - (t3 - t2) and offset = ((t2 - t1) + (t3 - t4)) / 2, the
 * receiver's clock minus the sender's. The interval keeps the sample of least delay (the one
 * least disturbed by queueing), as NTP's clock filter does.
 *
 * @param timeNs     sender's clock at the end of the interval
 * @param samples    reflections completed in the interval
 * @param offsetNs   offset of the least-delay sample (receiver minus sender)
 * @param delayNs    round-trip delay of that sample, without the receiver's turnaround
 * @param timestamps which timestamps that sample's t1, t2, t3 and t4 were, comma-separated (see
 *                   {@link #describe}); null when not known (a log written before the field)
 */
public record TwoWayEstimate(long timeNs, int samples, long offsetNs, long delayNs,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String timestamps) {

    /** t1 was the sender's app TX time. */
    public static final int T1_APP = 0;
    /** t1 was the kernel's SCHED TX timestamp of the original (qdisc entry). */
    public static final int T1_SCHED_TX = 1;
    /** t1 was the kernel's software TX timestamp of the original (driver). */
    public static final int T1_SW_TX = 2;
    /** t3 was the receiver's kernel TX timestamp of the reflection (else its app time). */
    public static final int T3_KERNEL = 4;
    /** t4 was the kernel's software RX timestamp of the reflection (else the app time). */
    public static final int T4_KERNEL = 8;
    /** Every time from the kernel, software: the best a reflection on a software-stamped path gets. */
    public static final int ALL_KERNEL = T1_SW_TX | T3_KERNEL | T4_KERNEL;

    private static final String[] NAMES = new String[16];

    static {
        String[] t1 = {"app", "sched-tx", "sw-tx", "app"};
        for (int code = 0; code < NAMES.length; code++) {
            NAMES[code] = t1[code & 3] + ",rx," + ((code & T3_KERNEL) != 0 ? "kernel-tx" : "app")
                    + "," + ((code & T4_KERNEL) != 0 ? "sw-rx" : "app");
        }
    }

    /** An estimate whose timestamps are not known. */
    public TwoWayEstimate(long timeNs, int samples, long offsetNs, long delayNs) {
        this(timeNs, samples, offsetNs, delayNs, null);
    }

    /**
     * How far apart the two clocks can be at most by this estimate: |offset| plus half the round
     * trip (NTP's bound: an asymmetric path, a queue one way, biases the offset by up to d/2).
     * Saturates instead of overflowing.
     */
    public long boundNs() {
        long off = offsetNs == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(offsetNs);
        long half = Math.max(0, delayNs) / 2;
        return off > Long.MAX_VALUE - half ? Long.MAX_VALUE : off + half;
    }

    /**
     * The {@code timestamps} text of a sample's code (an OR of the constants above), e.g.
     * {@code sw-tx,rx,kernel-tx,sw-rx}: t1, t2 (the receiver's best RX time, {@code rx}: it does
     * not say which), t3, t4. One string per code, made once: allocates nothing.
     */
    public static String describe(int code) {
        return NAMES[code & 15];
    }
}
