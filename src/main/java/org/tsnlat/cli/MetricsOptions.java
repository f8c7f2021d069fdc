package org.tsnlat.cli;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.tsnlat.exit.UsageException;
import org.tsnlat.run.Measurement;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Live metrics for Prometheus (docs/metrics.md): shared by run, send and recv through {@link OutputOptions}. */
final class MetricsOptions {
    /** Label names tsnlat sets itself or uses inside a metric: not for --metrics-label. */
    static final Set<String> RESERVED = Set.of("run", "role", "le", "quantile", "reason", "side", "tsnlat_trust",
            "job", "instance");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    @Option(names = "--metrics", paramLabel = "ADDRESS:PORT", converter = Address.class,
            description = {"Serve live metrics for Prometheus at http://ADDRESS:PORT/metrics, bound to that address "
                    + "only (e.g. 127.0.0.1:9464; port 0: any free port, said at the start): one-way latency, "
                    + "inter-arrival delta, wake-up lateness (and with --txtime the launch error) as histograms (classic buckets, and native ones for "
                    + "a scraper that asks for protobuf), counters of probes received, duplicated, reordered, sent, "
                    + "rejected (by reason), late wake-ups, lost as a gauge, the clocks' live trust and offsets; "
                    + "labels run, role, peer, topology and --metrics-label's. Fed once a second (histograms per "
                    + "probe) by the recorder thread, never the measuring ones. docs/metrics.md; a Grafana "
                    + "dashboard: docs/grafana-dashboard.json."})
    InetSocketAddress at;

    @Option(names = "--metrics-label", paramLabel = "NAME=VALUE",
            description = "With --metrics: one more label on every series (repeat for more), e.g. variant=macvtap. "
                    + "Given peer or topology replace tsnlat's own (peer: the sender's destination; topology: the lab's); "
                    + "an empty VALUE removes one.")
    Map<String, String> labels = new LinkedHashMap<>();

    @Option(names = "--metrics-linger", paramLabel = "SPAN", defaultValue = "0s", converter = Durations.Span.class,
            description = "With --metrics: at the end, keep serving until one scrape has seen the final figures "
                    + "(tsnlat_ended 1), for at most SPAN (set it to the scrape interval); default ${DEFAULT-VALUE}: "
                    + "stop at once, the last second may never be scraped.")
    long lingerNs;

    /**
     * Sets {@code m}'s metrics as the options say.
     *
     * @throws UsageException for a bad label, or a label or linger without --metrics
     */
    Measurement applyTo(Measurement m) {
        Map<String, String> all = check();
        return at == null ? m : m.metrics(at, lingerNs, all);
    }

    /**
     * Checks the options (call before anything is built); returns the user's labels.
     *
     * @throws UsageException for a bad label, or a label or linger without --metrics
     */
    Map<String, String> check() {
        OptionRules.needs(!labels.isEmpty(), "--metrics-label", at != null, "--metrics");
        OptionRules.needs(lingerNs != 0, "--metrics-linger", at != null, "--metrics");
        Map<String, String> all = new LinkedHashMap<>();
        for (var e : labels.entrySet()) {
            String name = e.getKey();
            if (!LABEL_NAME.matcher(name).matches() || name.startsWith("__")) {
                throw new UsageException("--metrics-label " + name + "=" + e.getValue() + ": a label name is letters, "
                        + "digits and _, not starting with a digit or __");
            }
            if (RESERVED.contains(name)) {
                throw new UsageException("--metrics-label " + name + "=...: " + name + " is tsnlat's own or Prometheus's "
                        + "(reserved: " + String.join(", ", new java.util.TreeSet<>(RESERVED)) + ")");
            }
            all.put(name, e.getValue());
        }
        return all;
    }

    /** ADDRESS:PORT with the port given: the probes' default port is no default here. */
    static final class Address implements CommandLine.ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String text) {
            if (!HostPort.hasPort(text)) {
                throw new CommandLine.TypeConversionException("'" + text + "' is not ADDRESS:PORT: give the port, "
                        + "e.g. 127.0.0.1:9464 ([::1]:9464 for IPv6)");
            }
            return HostPort.parse(text);
        }
    }
}
