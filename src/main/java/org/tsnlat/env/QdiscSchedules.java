package org.tsnlat.env;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the time-aware qdiscs (taprio, etf, mqprio) out of {@code tc -j qdisc show dev IF}, as
 * iproute2's print_opt functions write their {@code "options"} (tc/q_taprio.c, q_etf.c,
 * q_mqprio.c; iproute2 6.1 and later):
 *
 * <pre>
 * taprio  {"tc": 3, "map": [16 x tc], "queues": [{"offset": 0, "count": 1}, ...],
 *          "clockid": "TAI", "flags": "0x1", "txtime_delay": 200000,
 *          "base_time": ns, "cycle_time": ns, "cycle_time_extension": ns,
 *          "schedule": [{"index": 0, "cmd": "S", "gatemask": "0x1", "interval": ns}, ...],
 *          "admin": {base_time, cycle_time, cycle_time_extension, schedule}}
 * etf     {"clockid": "TAI", "delta": ns, "offload": "on", "deadline_mode": "off", "skip_sock_check": "off"}
 * mqprio  {"tc": 3, "map": [16 x tc], "queues": [[first, last], ...], "mode": "channel",
 *          "shaper": "bw_rlimit", "min_rate": [bytes/s, ...], "max_rate": [...]}
 * </pre>
 *
 * tc prints base_time through an unsigned format and hex values with C's {@code %#x} (0 as
 * "0"); both are read back as the kernel holds them. Before iproute2 6.5 (commit f848310a) a
 * pending ("admin") taprio schedule came out as an unnamed object, which is not JSON:
 * {@link #repaired} names it as 6.5 does. Attributes the kernel did not report are absent (6.5,
 * a5f695cb), and so null here; keys tc added later (max-sdu, fp) are left to the tcQdisc record.
 */
final class QdiscSchedules {
    /** The kinds read here. */
    static final List<String> KINDS = List.of("taprio", "etf", "mqprio");
    /** iproute2 6.1-6.4's unnamed admin schedule in compact JSON: {@code ...,{"base_time":...}}. */
    private static final Pattern UNNAMED_ADMIN = Pattern.compile(",\\{\"base_time\":");

    private QdiscSchedules() {
    }

    /**
     * {@code tc -j qdisc show dev IFNAME} in {@code netns} (null: this process's), read (and
     * repaired, {@link #repaired}) as JSON.
     *
     * @throws IOException "tc: " and why, when tc fails or prints what is not JSON
     */
    static JsonNode show(String ifname, String netns) throws IOException {
        Subprocess.Result r;
        try {
            r = Subprocess.run(Subprocess.inNetns(netns, List.of("tc", "-j", "qdisc", "show", "dev", ifname)));
        } catch (IOException e) {
            throw new IOException("tc: " + Reads.reason(e), e);
        }
        if (r.exitCode() != 0) throw new IOException("tc: " + r.failure());
        try {
            return EnvJson.mapper().readTree(repaired(r.stdout()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException("tc: not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** {@code tc -j} output with iproute2 6.1-6.4's unnamed admin schedule named "admin" (valid JSON); else as it was. */
    static String repaired(String tcJson) {
        return UNNAMED_ADMIN.matcher(tcJson).replaceAll(Matcher.quoteReplacement(",\"admin\":{\"base_time\":"));
    }

    /** The taprio, etf and mqprio qdiscs of {@code tcJson}, keyed as {@link Qdiscs#summaries} keys them; empty for none. */
    static SortedMap<String, EnvSnapshot.QdiscSchedule> of(JsonNode tcJson) {
        SortedMap<String, EnvSnapshot.QdiscSchedule> byPlace = new TreeMap<>();
        SortedMap<String, String> places = new TreeMap<>();
        for (JsonNode q : tcJson) {
            String place = IrqProbe.unique(places, Qdiscs.place(q));
            places.put(place, "");
            EnvSnapshot.QdiscSchedule s = parse(q);
            if (s != null) byPlace.put(place, s);
        }
        return byPlace;
    }

    /** One qdisc of tc's JSON array; null when it is not taprio, etf or mqprio. */
    static EnvSnapshot.QdiscSchedule parse(JsonNode q) {
        String kind = q.path("kind").asText();
        JsonNode o = q.path("options");
        return switch (kind) {
            case "taprio" -> new EnvSnapshot.QdiscSchedule(kind, text(o, "clockid"), hex(o.get("flags")),
                    u32AsS32(o.get("txtime_delay")), schedule(o), o.has("admin") ? schedule(o.get("admin")) : null,
                    integer(o.get("tc")), map(o), taprioQueues(o.path("queues")),
                    null, null, null, null, null, null, null, null);
            case "etf" -> new EnvSnapshot.QdiscSchedule(kind, text(o, "clockid"), null, null, null, null,
                    null, null, null, null, null, null, null,
                    u32AsS32(o.get("delta")), onOff(o, "offload"), onOff(o, "deadline_mode"), onOff(o, "skip_sock_check"));
            case "mqprio" -> new EnvSnapshot.QdiscSchedule(kind, null, null, null, null, null,
                    integer(o.get("tc")), map(o), mqprioQueues(o.path("queues")),
                    text(o, "mode"), text(o, "shaper"), rates(o.get("min_rate")), rates(o.get("max_rate")),
                    null, null, null, null);
            default -> null;
        };
    }

    /**
     * base_time, cycle_time, cycle_time_extension and schedule of {@code o}; null when there is no
     * schedule: no entries and no cycle (6.1 prints zeros for a taprio whose only schedule is
     * still pending, 6.5 nothing).
     */
    private static EnvSnapshot.GateSchedule schedule(JsonNode o) {
        Long cycle = s64(o.get("cycle_time"));
        if (!o.path("schedule").isArray() && (cycle == null || cycle == 0)) return null;
        SortedMap<Integer, EnvSnapshot.GateEntry> entries = null;
        if (o.path("schedule").isArray()) {
            entries = new TreeMap<>();
            for (JsonNode e : o.get("schedule")) {
                entries.put(e.path("index").asInt(entries.size()), new EnvSnapshot.GateEntry(
                        e.path("cmd").asText(null), hex(e.get("gatemask")), s64(e.get("interval"))));
            }
        }
        return new EnvSnapshot.GateSchedule(s64(o.get("base_time")), s64(o.get("cycle_time")),
                s64(o.get("cycle_time_extension")), entries);
    }

    /** "map": the traffic class of each priority. */
    private static List<Integer> map(JsonNode o) {
        if (!o.path("map").isArray()) return null;
        List<Integer> tcs = new ArrayList<>();
        o.get("map").forEach(t -> tcs.add(t.asInt()));
        return tcs;
    }

    /** taprio's [{"offset", "count"}] as count@offset. */
    private static List<String> taprioQueues(JsonNode queues) {
        if (!queues.isArray()) return null;
        List<String> each = new ArrayList<>();
        queues.forEach(q -> each.add(q.path("count").asLong() + "@" + q.path("offset").asLong()));
        return each;
    }

    /** mqprio's [[first, last]] as count@offset. */
    private static List<String> mqprioQueues(JsonNode queues) {
        if (!queues.isArray()) return null;
        List<String> each = new ArrayList<>();
        queues.forEach(q -> each.add((q.path(1).asLong() - q.path(0).asLong() + 1) + "@" + q.path(0).asLong()));
        return each;
    }

    /** Rates in bytes/s as tc prints them in bits ("10Mbit"). */
    private static List<String> rates(JsonNode bytesPerS) {
        if (bytesPerS == null || !bytesPerS.isArray()) return null;
        List<String> each = new ArrayList<>();
        bytesPerS.forEach(r -> each.add(Qdiscs.rate(s64(r) * 8)));
        return each;
    }

    /** A value tc printed through %llu: one beyond Long.MAX_VALUE is a negative s64. */
    static Long s64(JsonNode n) {
        if (n == null || !n.isNumber()) return null;
        return n.isBigInteger() ? n.bigIntegerValue().longValue() : n.asLong();
    }

    /** An s32 the kernel holds, printed through %u (txtime_delay, delta). */
    private static Long u32AsS32(JsonNode n) {
        Long v = s64(n);
        return v == null ? null : (long) (int) (long) v;
    }

    private static Integer integer(JsonNode n) {
        return n == null || !n.isNumber() ? null : n.asInt();
    }

    /** tc's "%#llx" ("0x3", and "0" for zero) as "0x3"/"0x0"; null when absent or not hex. */
    static String hex(JsonNode n) {
        if (n == null) return null;
        String s = n.asText().toLowerCase(Locale.ROOT);
        try {
            long v = s.startsWith("0x") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseUnsignedLong(s);
            return "0x" + Long.toHexString(v);
        } catch (NumberFormatException e) {
            return s.isEmpty() ? null : s;
        }
    }

    private static String text(JsonNode o, String name) {
        JsonNode n = o.get(name);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static Boolean onOff(JsonNode o, String name) {
        String v = text(o, name);
        return v == null ? null : v.equals("on");
    }
}
