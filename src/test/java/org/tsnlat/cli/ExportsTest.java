package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.rundir.RunDirectory;

/** `report --format csv|hdr|histogram` re-read by independent code gives the summary's figures. */
class ExportsTest {
    @TempDir static Path runs;
    static Path dir;
    static JsonNode report;

    @BeforeAll
    static void measure() throws Exception {
        Cli r = Cli.run("run", "-n", "3000", "--warmup", "500ms", "--runs-dir", runs.toString(), "--no-live");
        assertThat(r.exitCode()).as(r.err()).isZero();
        dir = r.runDirectory();
        report = RunDirectory.json().readTree(dir.resolve("report.json").toFile());
    }

    @Test
    void csvRecomputesTheFieldLine() {
        Cli csv = Cli.run("report", dir.toString(), "--format", "csv");
        assertThat(csv.exitCode()).as(csv.err()).isZero();
        List<String> lines = csv.out().lines().toList();
        List<String> header = List.of(lines.get(0).split(","));
        int lat = header.indexOf("latency_ns");
        int warm = header.indexOf("warmup");
        int dup = header.indexOf("duplicate");
        int trust = header.indexOf("trust");
        assertThat(lines).hasSize(3001);
        List<Long> v = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",", -1);
            if (f[warm].equals("0") && f[dup].equals("0") && !f[trust].equals("untrusted") && !f[lat].isEmpty()) {
                v.add(Long.parseLong(f[lat]));
            }
        }
        long min = v.stream().mapToLong(Long::longValue).min().orElseThrow();
        long max = v.stream().mapToLong(Long::longValue).max().orElseThrow();
        BigDecimal n = BigDecimal.valueOf(v.size());
        BigDecimal sum = v.stream().map(BigDecimal::valueOf).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal mean = sum.divide(n, MathContext.DECIMAL128);
        BigDecimal var = v.stream().map(x -> BigDecimal.valueOf(x).subtract(mean).pow(2)).reduce(BigDecimal.ZERO, BigDecimal::add)
                .divide(n, MathContext.DECIMAL128);
        String line = "latency min/avg/max/stddev (usec): " + us(BigDecimal.valueOf(min)) + "/" + us(mean) + "/"
                + us(BigDecimal.valueOf(max)) + "/" + us(var.sqrt(MathContext.DECIMAL128));
        assertThat(v).hasSize(report.at("/metrics/latency/count").asInt());
        assertThat(Cli.run("report", dir.toString()).out()).contains("  " + line + "\n");
    }

    private static String us(BigDecimal ns) {
        return ns.divide(BigDecimal.valueOf(1000)).setScale(3, RoundingMode.HALF_EVEN).toPlainString();
    }

    @Test
    void hlogReadByHdrHistogramGivesTheReportsPercentiles() {
        Cli hdr = Cli.run("report", dir.toString(), "--format", "hdr");
        assertThat(hdr.exitCode()).as(hdr.err()).isZero();
        HistogramLogReader reader = new HistogramLogReader(new ByteArrayInputStream(hdr.out().getBytes(StandardCharsets.UTF_8)));
        Histogram latency = new Histogram(3);
        Histogram delta = new Histogram(3);
        EncodableHistogram h;
        while ((h = reader.nextIntervalHistogram()) != null) {
            Histogram hist = (Histogram) h;
            ("latency".equals(hist.getTag()) ? latency : delta).add(hist);
        }
        assertThat(latency.getTotalCount()).isEqualTo(report.at("/metrics/latency/count").asLong());
        assertThat(delta.getTotalCount()).isEqualTo(report.at("/metrics/delta/count").asLong());
        for (String p : List.of("p50", "p90", "p99", "p99.9")) {
            double pct = Double.parseDouble(p.substring(1));
            long fromLog = latency.getValueAtPercentile(pct);
            long fromReport = report.at("/metrics/latency/percentilesNs/" + p.replace(".", "~1").replace("~1", ".")).asLong();
            assertThat(latency.valuesAreEquivalent(fromLog, fromReport)).as("%s: hlog %d, report %d", p, fromLog, fromReport).isTrue();
        }
        assertThat(latency.valuesAreEquivalent(latency.getMaxValue(), report.at("/metrics/latency/maxNs").asLong())).isTrue();
    }

    @Test
    void cyclictestHistogramHasItsLayoutAndTotals() {
        Cli hist = Cli.run("report", dir.toString(), "--format", "histogram", "--histogram-max", "2000");
        assertThat(hist.exitCode()).as(hist.err()).isZero();
        List<String> lines = hist.out().lines().toList();
        assertThat(lines.subList(1, 2001)).allMatch(l -> l.matches("[0-9]{6}( [0-9]{6}){4}"));
        long latencyInBuckets = lines.subList(1, 2001).stream().mapToLong(l -> Long.parseLong(l.split(" ")[1])).sum();
        long overflows = Long.parseLong(lines.stream().filter(l -> l.startsWith("# Histogram Overflows:")).findFirst()
                .orElseThrow().split("\\s+")[3]);
        assertThat(latencyInBuckets + overflows).isEqualTo(report.at("/metrics/latency/count").asLong());
        assertThat(hist.out()).contains("# Total: 00000" + report.at("/metrics/latency/count").asLong());
    }
}
