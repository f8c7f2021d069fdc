package org.tsnlat.cli;

import org.tsnlat.exit.UsageException;
import org.tsnlat.run.SenderConfig;
import picocli.CommandLine.Option;

/** SO_TXTIME launch times for the probes (docs/tsn.md); shared by send and run. */
final class TxTimeOptions {
    @Option(names = "--txtime", paramLabel = "OFFSET", converter = Durations.Positive.class,
            description = {"Ask the kernel to launch each probe at its scheduled time + OFFSET (SO_TXTIME on the "
                    + "probes' clock), e.g. 200us; less than the period. Only the etf qdisc or taprio on the egress "
                    + "interface enforces it: tsnlat says so when neither is there. Needs CAP_NET_ADMIN. "
                    + "The metric 'launch' is the kernel's TX time minus the launch time asked for (docs/tsn.md)."})
    Long offsetNs;

    @Option(names = "--txtime-deadline",
            description = "With --txtime: the launch time is a deadline (SOF_TXTIME_DEADLINE_MODE): etf sends "
                    + "the probe as soon as it can before it.")
    boolean deadline;

    SenderConfig applyTo(SenderConfig config) {
        long offset = offsetNs == null ? SenderConfig.NO_TXTIME : offsetNs;
        try {
            SenderConfig.checkTxTime(offset, deadline, config.periodNs());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return config.withTxTime(offset, deadline);
    }
}
