package org.tsnlat.cli;

import org.tsnlat.text.Untrusted;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.tsnlat.linux.Clock;
import org.tsnlat.linux.ClockId;
import org.tsnlat.sync.PtpException;
import org.tsnlat.sync.PtpHealth;
import org.tsnlat.sync.PtpManagementClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Ask ptp4l every --period and print one line each time: port state, grandmaster, "
                + "master offset, path delay, steps removed. Until --count or Ctrl-C.",
                "The first answer must come (else exit 3); a later miss prints its reason on its line and "
                        + "watching goes on, so a ptp4l restart shows as it happens."},
        usageHelpAutoWidth = true)
final class PtpWatchCommand implements Callable<Integer> {
    private static final ObjectMapper JSON_LINE = new ObjectMapper();

    @Mixin PtpOptions ptp;

    @Option(names = {"-i", "--period"}, paramLabel = "PERIOD", defaultValue = "1s", converter = Durations.Positive.class,
            description = "Time between samples, on CLOCK_MONOTONIC (e.g. 200ms, 1s). Default: ${DEFAULT-VALUE}.")
    long intervalNs;

    @Option(names = "--interval", paramLabel = "PERIOD", hidden = true, converter = Durations.Positive.class,
            description = "Old name of --period.")
    void oldInterval(long ns) {
        oldIntervalNs = ns;
    }

    private Long oldIntervalNs;

    /** The time between samples: --interval (the old name) when given, else --period. */
    long periodNs() {
        return oldIntervalNs != null ? oldIntervalNs : intervalNs;
    }

    @Option(names = {"-n", "--count"}, paramLabel = "N", defaultValue = "0", converter = Ranges.CountOrZero.class,
            description = "Stop after N samples; 0 (the default) watches until Ctrl-C.")
    int count;

    @ParentCommand PtpCommand parent;

    @Override
    public Integer call() throws Exception {
        try (PtpManagementClient client = ptp.open()) {
            Thread closeOnCtrlC = new Thread(client::close, "ptp-watch-close");
            Runtime.getRuntime().addShutdownHook(closeOnCtrlC); // removes the client's socket file
            try {
                watch(client);
            } finally {
                Runtime.getRuntime().removeShutdownHook(closeOnCtrlC);
            }
        }
        return ExitCodes.OK;
    }

    private void watch(PtpManagementClient client) throws Exception {
        var out = parent.root.out;
        if (!ptp.json) {
            out.println("tsnlat ptp watch: ptp4l at " + Untrusted.text(client.ptp4lSocket()) + " (domainNumber "
                    + client.domainNumber() + ", transportSpecific " + client.transportSpecific()
                    + "), every " + org.tsnlat.time.DurationNs.format(periodNs())
                    + (count == 0 ? " until Ctrl-C" : ", " + count + " samples"));
        }
        Clock monotonic = Clock.open(ClockId.MONOTONIC);
        long nextNs = monotonic.nowNs();
        for (long n = 0; count == 0 || n < count; n++) {
            monotonic.sleepUntilNs(nextNs);
            nextNs += periodNs();
            Instant at = Instant.now();
            try {
                PtpHealth health = client.health();
                out.println(ptp.json ? JSON_LINE.writeValueAsString(health) : PtpHealthText.line(at, health));
            } catch (PtpException e) {
                if (n == 0) {
                    throw e;
                }
                out.println(PtpHealthText.time(at) + " " + Untrusted.text(e.getMessage()));
            }
            out.flush();
        }
    }
}
