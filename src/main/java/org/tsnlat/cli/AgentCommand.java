package org.tsnlat.cli;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tsnlat.agent.Agent;
import org.tsnlat.agent.AgentConfig;
import org.tsnlat.agent.Cidr;
import org.tsnlat.exit.UsageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "agent", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"A daemon for a controller: starts and stops this host's tsnlat recv, send and load on "
                + "authenticated request and hands back their run directories (docs/agent.md).",
                "Every request is signed with a key derived from --key-file's, checked against a time window and "
                        + "the nonces already seen, and its arguments against a list of allowed options; what fails "
                        + "is refused, counted by reason and runs nothing. Prints 'agent listening on ADDR:PORT' once "
                        + "ready; Ctrl-C or SIGTERM stops it and the runs it started."},
        usageHelpAutoWidth = true)
final class AgentCommand implements Callable<Integer> {

    @Option(names = "--listen", paramLabel = "ADDR:PORT", required = true,
            description = "The one address and port to listen on, e.g. 192.0.2.10:7790 ([2001:db8::1]:7790 for IPv6).")
    String listen;

    @Option(names = "--listen-any",
            description = "Allow --listen on a wildcard address (0.0.0.0 or ::): every interface of the host, "
                    + "management and measured networks alike. Refused without this.")
    boolean listenAny;

    @Option(names = "--key-file", paramLabel = "PATH", required = true,
            description = "The shared key file (as send's and recv's --key-file); the control key is derived from it, "
                    + "and authenticated runs use it as it is.")
    Path keyFile;

    @Option(names = "--allow", paramLabel = "CIDR[,CIDR...]", required = true,
            description = "Addresses that may connect, e.g. 192.0.2.0/24,2001:db8::5; others are closed on at once.")
    String allow;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "agent-runs",
            description = "Where the runs' directories go (default: ./${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--max-request", paramLabel = "BYTES", defaultValue = "" + AgentConfig.DEFAULT_MAX_REQUEST,
            description = "Largest request body; a longer one is refused before it is read (default: ${DEFAULT-VALUE}).")
    int maxRequest;

    @Option(names = "--rate", paramLabel = "N/s", defaultValue = AgentConfig.DEFAULT_RATE + "/s",
            description = "Requests a second from one source address, a burst of as many (default: ${DEFAULT-VALUE}).")
    String rate;

    @Option(names = "--window", paramLabel = "SPAN", defaultValue = "30s", converter = Durations.Positive.class,
            description = "How far a request's time may be from this host's clock; nonces are remembered for twice "
                    + "this (default: ${DEFAULT-VALUE}).")
    long windowNs;

    @Option(names = "--max-duration", paramLabel = "SPAN", defaultValue = "1h", converter = Durations.Positive.class,
            description = "The longest --duration a run may ask for (default: ${DEFAULT-VALUE}).")
    long maxDurationNs;

    @Option(names = "--metrics", paramLabel = "ADDRESS:PORT", converter = MetricsOptions.Address.class,
            description = "Serve the agent's own counters for Prometheus at http://ADDRESS:PORT/metrics (that address "
                    + "only): requests carried out, runs started and running, refusals by reason (docs/metrics.md).")
    InetSocketAddress metricsAt;

    @ParentCommand TsnlatCommand root;

    @Override
    public Integer call() throws Exception {
        InetSocketAddress address = listenAddress(listen);
        if (Agent.wildcard(address) && !listenAny) {
            throw new UsageException("--listen " + listen + " is a wildcard: every interface of this host, the measured "
                    + "networks too; give the management address, or --listen-any to mean it");
        }
        if (maxRequest < 64 || maxRequest > (16 << 20)) throw new UsageException("--max-request " + maxRequest + ": 64 to 16777216 bytes");
        if (!rate.matches("[0-9]{1,6}(/s)?") || Integer.parseInt(rate.replace("/s", "")) < 1) {
            throw new UsageException("--rate '" + rate + "': a number of requests a second, e.g. 20/s");
        }
        var config = new AgentConfig(address, keyFile, Cidr.parseList(allow), dir, maxRequest,
                Integer.parseInt(rate.replace("/s", "")), windowNs / 1_000_000, maxDurationNs,
                AgentConfig.DEFAULT_REQUEST_TIMEOUT_MS, AgentConfig.DEFAULT_MAX_CONNECTIONS,
                AgentConfig.DEFAULT_RUN_MARGIN_MS, AgentConfig.DEFAULT_ANSWER_TIMEOUT_MS);
        // the metrics endpoint first: once 'agent listening on' is printed, nothing can fail any more
        org.tsnlat.metrics.MetricsEndpoint metrics = null;
        var started = new java.util.concurrent.atomic.AtomicReference<Agent>();
        if (metricsAt != null) {
            try {
                metrics = org.tsnlat.metrics.MetricsEndpoint.open(metricsAt, 0);
            } catch (java.io.IOException e) {
                throw new org.tsnlat.run.SetupException("--metrics " + metricsAt.getAddress().getHostAddress() + ":"
                        + metricsAt.getPort() + ": cannot serve there: " + e.getMessage(), e);
            }
            metrics.agent(() -> started.get() == null ? 0 : started.get().stats().acceptedCount(),
                    () -> started.get() == null ? 0 : started.get().stats().startedCount(),
                    () -> started.get() == null ? java.util.Map.of() : started.get().stats().refusedByReason(),
                    () -> started.get() == null ? 0 : started.get().running());
            root.out.println("agent: metrics for Prometheus at http://" + metricsAt.getAddress().getHostAddress() + ":"
                    + metrics.address().getPort() + "/metrics");
        }
        Agent agent;
        try {
            agent = Agent.start(config, root.out);
        } catch (RuntimeException e) {
            if (metrics != null) metrics.close();
            throw e;
        }
        started.set(agent);
        org.tsnlat.metrics.MetricsEndpoint served = metrics;
        Thread hook = new Thread(() -> {
            agent.close();
            if (served != null) {
                try {
                    served.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "tsnlat-agent-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        agent.awaitClosed();
        return ExitCodes.OK;
    }

    /** ADDR:PORT, the port required (no default for the agent's). */
    static InetSocketAddress listenAddress(String text) {
        if (!HostPort.hasPort(text)) throw new UsageException("--listen '" + text + "': give ADDR:PORT ([ADDR]:PORT for IPv6)");
        try {
            return HostPort.parse(text);
        } catch (picocli.CommandLine.TypeConversionException e) {
            throw new UsageException("--listen: " + e.getMessage());
        }
    }
}
