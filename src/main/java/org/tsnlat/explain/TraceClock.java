package org.tsnlat.explain;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tsnlat.rundir.RunDirectory;

/**
 * {@code trace/clock.json}, version {@value #VERSION}: how the trace's clock (tracefs's {@code tai})
 * relates to the run's clock, so that a probe's times can be found in the trace, and the outlier
 * threshold the run was given:
 * {@code {"version":2,"traceClock":"tai","runClock":"TAI","runMinusTraceNs":0,"explainAboveNs":200000}},
 * or for a percentile ({@code --explain-above p99.9}) {@code "explainAboveNs":0,"explainAbovePercentile":99.9}.
 * A span is written as version 1 (the format before percentiles, readable by older builds), a
 * percentile as version 2. The owner of that file.
 */
public record TraceClock(String traceClock, String runClock, long runMinusTraceNs, ExplainThreshold explainAbove) {
    public static final int VERSION = 2;
    static final String FILE = "clock.json";

    void write(Path runDirectory) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", explainAbove.isPercentile() ? VERSION : 1); // a span: readable by builds before percentiles
        m.put("traceClock", traceClock);
        m.put("runClock", runClock);
        m.put("runMinusTraceNs", runMinusTraceNs);
        m.put("explainAboveNs", explainAbove.spanNs());
        if (explainAbove.isPercentile()) m.put("explainAbovePercentile", explainAbove.percentile());
        Files.writeString(runDirectory.resolve(TraceSession.DIRECTORY).resolve(FILE), RunDirectory.json().writeValueAsString(m) + "\n");
    }

    /** The file; null when the run directory has none (no trace). */
    public static TraceClock read(Path runDirectory) throws IOException {
        Path f = runDirectory.resolve(TraceSession.DIRECTORY).resolve(FILE);
        if (!Files.isRegularFile(f)) return null;
        JsonNode n = RunDirectory.json().readTree(f.toFile());
        int version = n.path("version").asInt();
        ExplainThreshold above = null;
        if ((version == 1 || version == VERSION) && n.path("runMinusTraceNs").isIntegralNumber()
                && n.path("explainAboveNs").isIntegralNumber()) {
            long span = n.path("explainAboveNs").asLong();
            double pct = version == VERSION && n.path("explainAbovePercentile").isNumber()
                    ? n.path("explainAbovePercentile").asDouble() : 0;
            try {
                above = new ExplainThreshold(span, pct);
            } catch (IllegalArgumentException e) {
                above = null;
            }
        }
        if (above == null) throw new IOException(f + ": not a version 1 or " + VERSION + " trace clock file");
        return new TraceClock(n.path("traceClock").asText(), n.path("runClock").asText(), n.path("runMinusTraceNs").asLong(),
                above);
    }
}
