package org.tsnlat.cli;

import org.tsnlat.run.ClockFault;
import org.tsnlat.run.SenderConfig;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The sender's two-way clock cross-check, and the hidden clock-fault injection; shared by send and run. */
final class TwoWayOptions {
    @Option(names = "--reflect-every", paramLabel = "N", defaultValue = "10", converter = Ranges.CountOrZero.class,
            description = {"Ask the receiver to send every Nth probe back (default: ${DEFAULT-VALUE}; 0: never).",
                    "This cross-checks the two clocks on the measured path itself, NTP-style (offset and delay "
                            + "of the least-delayed reflection each second), and so catches a clock sync that "
                            + "ptp4l believes in but that does not hold between the two measuring clocks."})
    int reflectEvery;

    @Option(names = "--inject-clock-fault", paramLabel = "SPEC", hidden = true, defaultValue = "none",
            converter = FaultConverter.class,
            description = "Perturb the sender's clock (tests, demos): none, step:+50ms@10s, drift:100ppm, "
                    + "steps:+2ms@every5s/1s (docs/clock-faults.md).")
    ClockFault clockFault;

    @Option(names = "--no-end-probes", hidden = true,
            description = "Send no end-of-session probes, as if the network lost them all (tests, demos).")
    boolean noEndProbes;

    SenderConfig applyTo(SenderConfig config) {
        return config.withTwoWay(reflectEvery, clockFault).withEndProbes(!noEndProbes);
    }

    static final class FaultConverter implements CommandLine.ITypeConverter<ClockFault> {
        @Override
        public ClockFault convert(String text) {
            try {
                return ClockFault.parse(text);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
