package org.tsnlat.cli;

import org.tsnlat.linux.ClockId;
import picocli.CommandLine;

/** TAI or REALTIME; MONOTONIC is refused because kernel timestamps are not on it. */
final class ClockConverter implements CommandLine.ITypeConverter<ClockId> {
    @Override
    public ClockId convert(String text) {
        ClockId id;
        try {
            id = ClockId.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a clock (use TAI or REALTIME)");
        }
        if (id == ClockId.MONOTONIC) {
            throw new CommandLine.TypeConversionException(
                    "MONOTONIC cannot be compared across hosts nor with kernel timestamps (use TAI or REALTIME)");
        }
        return id;
    }
}
