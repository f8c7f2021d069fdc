package org.tsnlat.report.html;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tsnlat.record.Timestamps;

/**
 * The JSON the page's script draws from. Every chart is an object with {@code kind} ("time":
 * bands over the run; "hist"; "pct": percentile plot; "lines": sparse series over the run),
 * {@code title}, axis labels, {@code x} and {@code series} (each {@code {label, values}}, values
 * aligned with x, null where there is none); times in seconds from the run's start, values in us.
 */
final class Charts {
    static final ObjectMapper JSON = new ObjectMapper();

    private Charts() {}

    static ObjectNode chart(String kind, String title, String xLabel, String yLabel) {
        ObjectNode c = JSON.createObjectNode();
        c.put("kind", kind);
        c.put("title", title);
        c.put("xLabel", xLabel);
        c.put("yLabel", yLabel);
        return c;
    }

    /** The chart without data, saying why: the page shows the title and the reason. */
    static ObjectNode empty(ObjectNode chart, String why) {
        chart.remove(java.util.List.of("x", "series", "pointsX", "pointsY", "eventsX", "eventsN", "shades"));
        chart.put("empty", why);
        return chart;
    }

    /** Appends a series named {@code label} and returns its (empty) values. */
    static ArrayNode series(ArrayNode series, String label) {
        ObjectNode s = series.addObject();
        s.put("label", label);
        return s.putArray("values");
    }

    /** Nanoseconds as microseconds (exact to the ns: 57346 prints 57.346); null when absent. */
    static Double us(long ns) {
        return ns == Timestamps.ABSENT ? null : ns / 1000.0;
    }

    /** Nanoseconds as seconds, rounded to the microsecond. */
    static double seconds(long ns) {
        return Math.round(ns / 1000.0) / 1e6;
    }

    /** The chart list as JSON that can sit inside a script element, whatever its strings hold. */
    static String toScriptJson(Object o) {
        try {
            // "</script" and "<!--" cannot end or change the script element; U+2028 and U+2029 end a
            // line in older JavaScript, so a string holding one would break the script there
            return JSON.writeValueAsString(o).replace("<", "\\u003c").replace("\u2028", "\\u2028")
                    .replace("\u2029", "\\u2029");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
