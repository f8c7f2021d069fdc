package org.tsnlat.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.HashMap;
import java.util.Map;

/**
 * The figures of one measurement as Prometheus metrics: the one owner of their names, units,
 * help texts and labels (docs/metrics.md lists them). Fed on the recorder thread: a value per
 * probe after the warm-up into the histograms ({@link #latency}, {@link #delta}, {@link #wake}), and
 * once a second the counts, the live trust guess and the clocks' offsets. Every series carries the
 * labels given to {@link MetricsEndpoint#feed} (run, role, peer, topology and the user's own).
 *
 * <p>Histograms are in seconds, with classic buckets ({@link #CLASSIC_BOUNDS_S}: 2^(k/4) us, from
 * 1 us to about 4 s, so any quantile is within 19 % of its value) and native buckets (schema 5,
 * about 2 %) for a scraper that asks for protobuf. The counters are the run's so far as the
 * receiver and sender count them (warm-up included, as report.json's {@code packets}); lost is a
 * gauge, since a late probe takes one back.
 */
public final class LiveMetrics {
    /** The classic histogram buckets' upper bounds, in seconds: 2^(k/4) microseconds, k = 0..88. */
    static final double[] CLASSIC_BOUNDS_S = classicBounds();
    /**
     * The launch histogram's classic bounds: those of {@link #CLASSIC_BOUNDS_S} mirrored below 0 and
     * then themselves, since a launch error is often negative (sent before the launch time asked
     * for: the qdisc did not hold the probe) and a quantile of values all in a first bucket from 0
     * would come out positive.
     */
    static final double[] LAUNCH_BOUNDS_S = mirrored(CLASSIC_BOUNDS_S);
    /** The trust states, as {@code tsnlat_trust}'s label values. */
    static final String[] TRUST_STATES = {"trusted", "suspect", "untrusted", "unknown"};

    private final Histogram latency;
    private final Histogram delta;
    private final Histogram wake;
    private final Counter received;
    private final Counter duplicates;
    private final Counter reordered;
    private final Counter negatives;
    private final Counter rejected;
    private final Gauge lost;
    private final Gauge expected;
    private final Counter sent;
    private final Counter lateWakeups;
    private final Counter sendFailures;
    /** The live trust state now, one of {@link #TRUST_STATES}: read once per scrape, so exactly one is 1. */
    private volatile String trustState = "unknown";
    private final Gauge twoWayOffset;
    private final Gauge ptpOffset;
    /** What the counters were last set to (recorder thread): Prometheus counters only go up by increments. */
    private final long[] last = new long[7];
    private final Map<String, Long> lastRejected = new HashMap<>();
    private final PrometheusRegistry registry;
    private final Labels constant;
    /** With --txtime ({@link #launchTime()}), else null. */
    private Histogram launch;
    private Counter launchTimeDrops;
    private final Map<String, Long> lastDrops = new HashMap<>();

    LiveMetrics(PrometheusRegistry registry, Map<String, String> labels) {
        Labels constant = Labels.of(labels.keySet().toArray(String[]::new), labels.values().toArray(String[]::new));
        this.registry = registry;
        this.constant = constant;
        latency = histogram(registry, constant, "tsnlat_latency_seconds",
                "one-way latency of each probe after the warm-up: best receive timestamp minus the sender's app send time");
        delta = histogram(registry, constant, "tsnlat_delta_seconds",
                "inter-arrival time after the warm-up: a probe's best receive timestamp minus the previous one's");
        wake = histogram(registry, constant, "tsnlat_wake_seconds",
                "the sender's wake-up lateness after the warm-up: woken minus scheduled, as cyclictest");
        received = counter(registry, constant, "tsnlat_probes_received", "distinct probes received (warm-up included)");
        duplicates = counter(registry, constant, "tsnlat_probes_duplicated", "probes received again (copies)");
        reordered = counter(registry, constant, "tsnlat_probes_reordered", "probes that arrived after a later one");
        negatives = counter(registry, constant, "tsnlat_negative_latencies",
                "probes with a negative one-way latency: the clocks are not to be believed");
        rejected = Counter.builder().name("tsnlat_datagrams_rejected").labelNames("reason").constLabels(constant)
                .help("datagrams the receiver refused, by reason (foreign session, unauthenticated, replayed, ...)")
                .register(registry);
        lost = gauge(registry, constant, "tsnlat_probes_lost",
                "probes expected but not (yet) received: a gauge, a late one lowers it");
        expected = gauge(registry, constant, "tsnlat_probes_expected",
                "probes the sender announced, or up to the highest sequence number seen");
        sent = counter(registry, constant, "tsnlat_probes_sent", "probes the sender handed to the kernel");
        lateWakeups = counter(registry, constant, "tsnlat_late_wakeups",
                "probes after the warm-up whose sender woke up after the next period had begun");
        sendFailures = counter(registry, constant, "tsnlat_send_failures", "sends the kernel refused");
        io.prometheus.metrics.core.metrics.GaugeWithCallback.builder().name("tsnlat_trust").labelNames("tsnlat_trust")
                .constLabels(constant)
                .help("the clocks' trust over the last second as known live (the report's verdicts are the ones that count): "
                        + "1 for the state it is in, 0 for the others")
                .callback(cb -> {
                    String now = trustState;
                    for (String s : TRUST_STATES) cb.call(s.equals(now) ? 1 : 0, s);
                }).register(registry);
        twoWayOffset = gauge(registry, constant, "tsnlat_two_way_offset_seconds",
                "the receiver's clock minus the sender's, from the latest two-way estimate (NaN: none yet)");
        ptpOffset = Gauge.builder().name("tsnlat_ptp_master_offset_seconds").labelNames("side").constLabels(constant)
                .help("ptp4l's offset from its master on each side (tx, rx), latest sample; NaN when not answering")
                .register(registry);
        twoWayOffset.set(Double.NaN);
        setTrust("?");
    }

    private static Histogram histogram(PrometheusRegistry r, Labels constant, String name, String help) {
        return histogram(r, constant, name, help, CLASSIC_BOUNDS_S);
    }

    private static Histogram histogram(PrometheusRegistry r, Labels constant, String name, String help, double[] bounds) {
        return Histogram.builder().name(name).help(help).constLabels(constant)
                .classicUpperBounds(bounds).nativeInitialSchema(5).withoutExemplars()
                .register(r);
    }

    /**
     * The sender asks for launch times (--txtime): serves {@code tsnlat_launch_seconds} and
     * {@code tsnlat_launch_time_drops_total{reason}} (missed, invalid: each shown from 0). Call
     * once, before the first probe.
     */
    public void launchTime() {
        launch = histogram(registry, constant, "tsnlat_launch_seconds",
                "with --txtime, after the warm-up: the driver's TX timestamp minus the launch time asked for "
                        + "(scheduled + offset); negative when sent before it", LAUNCH_BOUNDS_S);
        launchTimeDrops = Counter.builder().name("tsnlat_launch_time_drops").labelNames("reason").constLabels(constant)
                .help("with --txtime: probes a launch-time qdisc (etf, taprio) dropped, by reason (missed, invalid)")
                .withoutExemplars().register(registry);
    }

    private static Counter counter(PrometheusRegistry r, Labels constant, String name, String help) {
        return Counter.builder().name(name).help(help).constLabels(constant).withoutExemplars().register(r);
    }

    private static Gauge gauge(PrometheusRegistry r, Labels constant, String name, String help) {
        return Gauge.builder().name(name).help(help).constLabels(constant).withoutExemplars().register(r);
    }

    private static double[] mirrored(double[] positive) {
        double[] b = new double[2 * positive.length];
        for (int k = 0; k < positive.length; k++) {
            b[positive.length - 1 - k] = -positive[k];
            b[positive.length + k] = positive[k];
        }
        return b;
    }

    private static double[] classicBounds() {
        double[] b = new double[89];
        for (int k = 0; k < b.length; k++) {
            b[k] = Math.pow(2, k / 4.0) * 1e-6;
        }
        return b;
    }

    /** A probe's one-way latency after the warm-up. */
    public void latency(long ns) {
        latency.observe(ns / 1e9);
    }

    /** An inter-arrival time after the warm-up. */
    public void delta(long ns) {
        delta.observe(ns / 1e9);
    }

    /** A wake-up lateness after the warm-up. */
    public void wake(long ns) {
        wake.observe(ns / 1e9);
    }

    /** A launch error after the warm-up (with {@link #launchTime()}). */
    public void launch(long ns) {
        launch.observe(ns / 1e9);
    }

    /** The launch-time drops so far by reason (with {@link #launchTime()}; once a second, and at the end). */
    public void launchTimeDrops(Map<String, Long> soFar) {
        addByLabel(launchTimeDrops, lastDrops, soFar);
    }

    /** The receiver's counts so far (once a second, and once more at the end). */
    public void receiver(long receivedSoFar, long duplicatesSoFar, long reorderedSoFar, long negativesSoFar,
                         long lostNow, long expectedNow, Map<String, Long> rejectedSoFar) {
        add(received, 0, receivedSoFar);
        add(duplicates, 1, duplicatesSoFar);
        add(reordered, 2, reorderedSoFar);
        add(negatives, 3, negativesSoFar);
        lost.set(lostNow);
        expected.set(expectedNow);
        addByLabel(rejected, lastRejected, rejectedSoFar);
    }

    /** Raises {@code c}'s series of each label value to {@code now}'s count (each shown from 0), {@code last} what they were. */
    private static void addByLabel(Counter c, Map<String, Long> last, Map<String, Long> now) {
        for (var e : now.entrySet()) {
            long before = last.getOrDefault(e.getKey(), 0L);
            if (e.getValue() > before) {
                c.labelValues(e.getKey()).inc(e.getValue() - before);
                last.put(e.getKey(), e.getValue());
            } else if (!last.containsKey(e.getKey())) {
                c.labelValues(e.getKey()).inc(0); // shown at 0: a rate() has a start
                last.put(e.getKey(), e.getValue());
            }
        }
    }

    /** The sender's counts so far. */
    public void sender(long sentSoFar, long lateSoFar, long failuresSoFar) {
        add(sent, 4, sentSoFar);
        add(lateWakeups, 5, lateSoFar);
        add(sendFailures, 6, failuresSoFar);
    }

    private void add(Counter c, int slot, long now) {
        if (now > last[slot]) {
            c.inc(now - last[slot]);
            last[slot] = now;
        }
    }

    /**
     * The live trust guess of the last second as the live view words it ("trusted", "suspect (...)",
     * "untrusted (...)", "?"), the latest two-way offset (null: none recent), and the latest ptp4l
     * offset by side sampled ("tx", "rx"; a null value: not answering).
     */
    public void clocks(String verdict, Long twoWayOffsetNs, Map<String, Long> ptpOffsetNs) {
        setTrust(verdict);
        twoWayOffset.set(twoWayOffsetNs == null ? Double.NaN : twoWayOffsetNs / 1e9);
        for (var e : ptpOffsetNs.entrySet()) {
            ptpOffset.labelValues(e.getKey()).set(e.getValue() == null ? Double.NaN : e.getValue() / 1e9);
        }
    }

    /** The state a live verdict means: its first word, {@code unknown} for "?". */
    static String stateOf(String verdict) {
        for (String s : TRUST_STATES) {
            if (verdict.startsWith(s)) return s;
        }
        return "unknown";
    }

    private void setTrust(String verdict) {
        trustState = stateOf(verdict);
    }
}
