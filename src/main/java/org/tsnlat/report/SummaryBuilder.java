package org.tsnlat.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tsnlat.rundir.RunMeta;
import org.tsnlat.stats.MetricSummary;
import org.tsnlat.stats.PacketCounts;

/**
 * Puts a summary together from meta.json and the analyses of the record files. The live run and
 * {@code tsnlat report} both come through here, so their figures cannot drift apart.
 */
public final class SummaryBuilder {
    private SummaryBuilder() {}

    /** How {@link Summary#ended()} begins for a run stopped at --breaktrace ("stopped at --breaktrace: probe 1234 late ..."). */
    public static final String BREAKTRACE_ENDED = "stopped at ";

    /**
     * @param rx        receiver analysis, or null when the directory has no receiver records
     * @param tx        sender analysis, or null when it has no sender records
     * @param reflected the reverse direction from the sender's reflection records, or null without them
     * @param startNs   scheduled time of the first probe (the zero of times in the report)
     * @param fileNotes what reading the record files showed (trailing partial records and the like)
     */
    public static Summary build(RunMeta meta, RxAnalysis rx, TxAnalysis tx, ReflectionAnalysis reflected,
                                TrustSummary trust, long startNs,
                                List<String> fileNotes, List<String> damage) {
        RunMeta.End end = meta.end();
        if (rx != null && end != null && end.announcedTotal() >= 0) {
            rx.announcedTotal(end.announcedTotal());
        }
        Map<String, MetricSummary> metrics = new LinkedHashMap<>();
        Map<String, MetricSummary> warmup = new LinkedHashMap<>();
        Map<String, String> pairs = new LinkedHashMap<>();
        if (rx != null) {
            metrics.putAll(rx.mainSummaries());
            warmup.putAll(rx.warmupSummaries());
            pairs.putAll(rx.pairs());
        }
        Summary.SenderCounts sender = null;
        if (tx != null) {
            metrics.putAll(tx.mainSummaries());
            warmup.putAll(tx.warmupSummaries());
            pairs.putAll(tx.pairs());
            pairs.computeIfPresent("tx-qdisc", (k, v) -> v.startsWith(TxAnalysis.TX_QDISC_UNAVAILABLE)
                    ? v + senderInterfaces(meta) : v);
            sender = new Summary.SenderCounts(tx.records(), tx.lateWakeups(), tx.sendFailures(), tx.missingTxStamps(),
                    tx.refusedToTheEnd(), launchTimeDrops(meta));
        }
        if (reflected != null) {
            metrics.putAll(reflected.mainSummaries());
            warmup.putAll(reflected.warmupSummaries());
            pairs.putAll(reflected.pairs());
        }
        List<String> notes = new ArrayList<>(fileNotes);
        List<String> inForce = new ArrayList<>();
        inForce.add(probes(meta.config()));
        if (meta.config().options() != null) {
            inForce.add("options given: " + (meta.config().options().isEmpty() ? "none (every default)"
                    : String.join(", ", meta.config().options())));
        }
        if (meta.tuning() != null) {
            notes.addAll(meta.tuning().notes());
            inForce.addAll(meta.tuning().threads());
            inForce.add(meta.tuning().process());
        }
        if (meta.lab() != null && meta.lab().hasNonNull("summary")) {
            inForce.add("lab: " + meta.lab().get("summary").asText());
        }
        if (meta.load() != null && meta.load().hasNonNull("summary")) {
            inForce.add("background " + meta.load().get("summary").asText());
        }
        if (meta.timestamping() != null) {
            meta.timestamping().forEach((side, how) -> { // an --interface given: whether its hardware stamps, and why not
                if (how != null && how.contains("hardware")) notes.add(side + "'s timestamps: " + how);
            });
        }
        if (end != null && end.notes() != null) {
            notes.addAll(end.notes());
        }
        if (end != null && end.pipeOverflows() > 0) {
            notes.add(end.pipeOverflows() + " records could not be handed to the writer in time and are missing"
                    + " from the record files and these figures");
        }
        if (end != null && end.jvm() != null && end.jvm().get("gcCountAfterWarmup") instanceof Number gcs
                && gcs.longValue() > 0) {
            // the measuring JVM's collector stops every thread while it collects (the serial one, the
            // launcher's): a late probe then may be tsnlat's own doing
            notes.add(gcs + " garbage collection" + (gcs.longValue() == 1 ? "" : "s") + " after the warm-up ("
                    + end.jvm().get("gcMillisAfterWarmup") + " ms in all): the measuring threads may have been stopped"
                    + " meanwhile, so probes then may be late because of tsnlat itself");
        }
        String ended = ended(end);
        Map<String, Long> rejected = new LinkedHashMap<>();
        if (end != null && end.rejected() != null) {
            end.rejected().forEach((k, v) -> {
                if (v > 0) rejected.put(k, v);
            });
        }
        RunMeta.Config c = meta.config();
        PacketCounts packets = rx != null ? rx.counts() : null;
        PlanVerdict plan = PlanVerdict.of(meta.plan());
        org.tsnlat.env.EnvDuring during = during(meta, notes);
        Outcome outcome = Outcome.of(meta, sender, packets, trust, damage, plan);
        return new Summary(Summary.VERSION, meta.role(), meta.sessionId(), c.clock(), c.periodNs(), c.warmupNs(),
                startNs, packets, rx != null ? new Summary.Negatives(rx.negativeLatencies(),
                        rx.minLatencyNs() == Long.MAX_VALUE ? 0 : rx.minLatencyNs()) : null,
                rx != null ? rx.warmupPackets() : tx != null ? tx.warmupRecords() : 0, metrics, warmup,
                pairs, sender, rejected, trust, end != null ? end.jvm() : null, List.copyOf(inForce), ended,
                List.copyOf(notes), List.copyOf(damage), outcome, null, null, plan, during, end != null ? end.frames() : null);
    }

    /** meta.json's envDuring, or null (a run made before it); one that cannot be read is a note. */
    private static org.tsnlat.env.EnvDuring during(RunMeta meta, List<String> notes) {
        if (meta.envDuring() == null || meta.envDuring().isNull()) return null;
        try {
            return org.tsnlat.env.EnvJson.mapper().treeToValue(meta.envDuring(), org.tsnlat.env.EnvDuring.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            notes.add("meta.json's envDuring cannot be read (" + e.getOriginalMessage() + "): what the host did during the run is not shown");
            return null;
        }
    }

    /** The probes as configured: period, size, clock, where they went and where they were received. */
    private static String probes(RunMeta.Config c) {
        List<String> parts = new ArrayList<>();
        if (c.periodNs() > 0) parts.add("one every " + org.tsnlat.time.DurationNs.format(c.periodNs()));
        if (c.sizeBytes() > 0) parts.add(c.sizeBytes() + " bytes");
        parts.add(c.clock());
        if (c.layer2() != null) {
            var l2 = c.layer2();
            parts.add("in Ethernet frames of EtherType " + l2.etherType()
                    + (l2.vlan() != null ? " tagged VLAN " + l2.vlan() + ", PCP " + l2.pcp() : ", untagged"));
        }
        if (c.destination() != null) parts.add("to " + c.destination());
        if (c.bind() != null) parts.add("received on " + c.bind());
        return "probes: " + String.join(", ", parts);
    }

    /** With --txtime: the launch-time drops meta.json's end counted (none when the run ended before it said). */
    private static Map<String, Long> launchTimeDrops(RunMeta meta) {
        if (meta.config().txtime() == null) return null;
        if (meta.end() != null && meta.end().launchTimeDrops() != null) return meta.end().launchTimeDrops();
        return Map.of(RunMeta.End.MISSED, 0L, RunMeta.End.INVALID, 0L);
    }

    /**
     * The sending host's interfaces in use, from its environment snapshot, with their driver and
     * root qdisc ("; the sender's interface: eth0 (driver macvlan, root qdisc noqueue)"), or "".
     */
    private static String senderInterfaces(RunMeta meta) {
        com.fasterxml.jackson.databind.JsonNode env = meta.envSender() != null ? meta.envSender() : meta.env();
        if (env == null || !env.path("net").isObject() || env.path("net").isEmpty()) return "";
        List<String> each = new ArrayList<>();
        env.path("net").properties().forEach(e -> each.add(e.getKey() + " (driver " + e.getValue().path("driver").asText("?")
                + ", root qdisc " + e.getValue().path("qdisc").path("root").asText("none") + ")"));
        return "; the sender's interface" + (each.size() > 1 ? "s: " : ": ") + String.join(", ", each);
    }

    /** How the run ended, in words: the reason, and the cause when there is one. */
    private static String ended(RunMeta.End end) {
        if (end == null) {
            return "abrupt (no end recorded in meta.json: killed or crashed; figures cover every whole record written)";
        }
        if (end.failed()) {
            return "failed: " + end.why();
        }
        if (RunMeta.SILENCE.equals(end.reason())) {
            return "ended by silence: " + end.why();
        }
        if (RunMeta.BREAKTRACE.equals(end.reason())) {
            return BREAKTRACE_ENDED + (end.why() != null ? end.why() : "--breaktrace (the probe not recorded)");
        }
        return end.reason();
    }
}
