package org.tsnlat.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which way {@code run --topology vm} sends its probes. */
enum GuestDirection {
    /** The talker's namespace sends (in this process), {@code tsnlat recv} in the guest receives. */
    HOST_TO_GUEST("host-to-guest"),
    /** {@code tsnlat send} in the guest sends, a receiver in the talker's namespace (in this process) receives. */
    GUEST_TO_HOST("guest-to-host");

    private final String cliName;

    GuestDirection(String cliName) {
        this.cliName = cliName;
    }

    String cliName() {
        return cliName;
    }

    static GuestDirection parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (GuestDirection d : values()) {
            if (d.cliName.equals(t)) return d;
        }
        throw new org.tsnlat.exit.UsageException("unknown direction '" + text + "'; expected one of "
                + Arrays.stream(values()).map(GuestDirection::cliName).collect(Collectors.joining(", ")));
    }

    static final class Converter extends LabUpCommand.Parsing<GuestDirection> {
        Converter() {
            super(GuestDirection::parse);
        }
    }

    /** host-to-guest, guest-to-host. */
    static final class Names implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Arrays.stream(values()).map(GuestDirection::cliName).iterator();
        }
    }
}
