package org.tsnlat.env;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads {@code tc -j qdisc show dev IF}: an array of {"kind", "handle", "root" | "parent",
 * "refcnt", "options": {...}}. Each qdisc is keyed by where it hangs ("root", "ingress",
 * "clsact", "parent 1:10") and summarised as tc's text output prints it, without the handle
 * (kernel-chosen for a root qdisc added without one), refcnt and counters:
 * "tbf rate 100Mbit burst 32Kb lat 50ms". Rates are bytes/s in the JSON, sizes bytes, lat µs.
 * taprio, etf and mqprio are summarised by their kind alone: {@link QdiscSchedules} reads the rest.
 */
final class Qdiscs {
    private static final Set<String> RATES = Set.of("rate", "ceil", "peakrate", "min_rate", "maxrate",
            "max_rate", "flow_max_rate");
    private static final Set<String> SIZES = Set.of("burst", "cburst", "mtu", "mpu", "quantum",
            "initial_quantum", "buffer");
    private static final Set<String> COUNTERS = Set.of("direct_packets_stat");

    private Qdiscs() {
    }

    static SortedMap<String, String> summaries(JsonNode tcJson) {
        SortedMap<String, String> byPlace = new TreeMap<>();
        for (JsonNode q : tcJson) {
            String place = place(q);
            byPlace.put(IrqProbe.unique(byPlace, place), summary(q));
        }
        return byPlace;
    }

    static String place(JsonNode q) {
        String kind = q.path("kind").asText();
        if (q.path("root").asBoolean(false)) {
            return "root";
        }
        if (kind.equals("ingress") || kind.equals("clsact")) {
            return kind;
        }
        return "parent " + q.path("parent").asText("?");
    }

    static String summary(JsonNode q) {
        StringBuilder s = new StringBuilder(q.path("kind").asText("?"));
        if (QdiscSchedules.KINDS.contains(s.toString())) {
            return s.toString(); // its options, schedules and traffic classes: the interface's schedules
        }
        appendOptions(s, q.path("options"));
        return s.toString();
    }

    private static void appendOptions(StringBuilder s, JsonNode options) {
        for (Iterator<Map.Entry<String, JsonNode>> it = options.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode value = e.getValue();
            if (COUNTERS.contains(name)) {
                continue;
            }
            s.append(' ').append(name);
            if (value.isObject()) {
                appendOptions(s, value);
            } else if (value.isArray()) {
                value.forEach(v -> s.append(' ').append(v.asText()));
            } else if (value.isNumber() && RATES.contains(name)) {
                s.append(' ').append(rate(value.asLong() * 8));
            } else if (value.isNumber() && SIZES.contains(name)) {
                s.append(' ').append(size(value.asLong()));
            } else if (value.isNumber() && name.equals("lat")) {
                s.append(' ').append(timeUs(value.asLong()));
            } else {
                s.append(' ').append(value.asText());
            }
        }
    }

    /** Bits per second as tc prints them: 100000000 -> "100Mbit". */
    static String rate(long bitsPerS) {
        String[] units = {"Gbit", "Mbit", "Kbit"};
        long[] scale = {1_000_000_000L, 1_000_000L, 1_000L};
        for (int i = 0; i < units.length; i++) {
            if (bitsPerS >= scale[i]) {
                return BigDecimal.valueOf(bitsPerS).divide(BigDecimal.valueOf(scale[i]))
                        .stripTrailingZeros().toPlainString() + units[i];
            }
        }
        return bitsPerS + "bit";
    }

    /** Bytes as tc prints them: within 16 bytes of a whole Kb gives "32Kb" (tc's sprint_size). */
    static String size(long bytes) {
        if (bytes >= 1024 * 1024 && Math.abs(1024 * 1024 * Math.rint(bytes / (1024.0 * 1024)) - bytes) < 1024) {
            return Math.round(bytes / (1024.0 * 1024)) + "Mb";
        }
        if (bytes >= 1024 && Math.abs(1024 * Math.rint(bytes / 1024.0) - bytes) < 16) {
            return Math.round(bytes / 1024.0) + "Kb";
        }
        return bytes + "b";
    }

    /** Microseconds as tc prints them: 50000 -> "50ms". */
    static String timeUs(long us) {
        if (us >= 1_000_000 && us % 1_000_000 == 0) {
            return us / 1_000_000 + "s";
        }
        if (us >= 1_000) {
            return BigDecimal.valueOf(us).divide(BigDecimal.valueOf(1000)).stripTrailingZeros().toPlainString() + "ms";
        }
        return us + "us";
    }
}
