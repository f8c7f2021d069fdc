package org.tsnlat.cli;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.tsnlat.lab.Shaping;
import org.tsnlat.lab.Topology;

/**
 * Completion candidates, each the very words its option's converter accepts (a test feeds every
 * candidate of every option back through the parser), so completion never offers what is refused.
 */
final class Candidates {
    private Candidates() {}

    static List<String> lowerCaseNames(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).toList();
    }

    /** The clocks --clock takes: TAI and REALTIME (MONOTONIC is refused, see {@link ClockConverter}). */
    static final class Clocks implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("TAI", "REALTIME").iterator();
        }
    }

    /** veth, bridge, macvlan. */
    static final class Topologies implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Topology.values()).map(Topology::cliName).iterator();
        }
    }

    /** tap-bridge, macvtap. */
    static final class GuestNets implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(org.tsnlat.lab.GuestNet.values()).map(org.tsnlat.lab.GuestNet::cliName).iterator();
        }
    }

    /** tbf, htb. */
    static final class ShapeKinds implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return lowerCaseNames(Shaping.Kind.values()).iterator();
        }
    }

    /** priority, bulk. */
    static final class PtpClasses implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return lowerCaseNames(Shaping.PtpClass.values()).iterator();
        }
    }
}
