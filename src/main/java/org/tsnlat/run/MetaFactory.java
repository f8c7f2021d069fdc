package org.tsnlat.run;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.tsnlat.linux.UdpSocket;
import org.tsnlat.rundir.RunMeta;

/** Builds the meta.json of a run from its configuration. */
final class MetaFactory {
    private MetaFactory() {}

    /**
     * @param destination where the sender sends (its port resolved), null without a sender
     * @param options     the options given that shape the measurement (meta.json's config.options)
     */
    static RunMeta initial(String role, List<String> command, SenderConfig s, ReceiverConfig r, String bind,
                           String dest, RunMeta.Layer2 layer2, long warmupNs, long sessionId, Instant wall, long clockNs,
                           List<String> options) {
        String clock = "CLOCK_" + (s != null ? s.clock() : r.clock()).name();
        long period = s != null ? s.periodNs() : 0;
        long count = s != null ? s.count() : r.count();
        long duration = s != null ? (Math.multiplyHigh(s.count(), s.periodNs()) != 0 ? -1 : s.count() * s.periodNs())
                : (r.durationNs() == Long.MAX_VALUE ? -1 : r.durationNs());
        var config = new RunMeta.Config(clock, period, count == Long.MAX_VALUE ? -1 : count, duration,
                s != null ? s.sizeBytes() : 0, warmupNs, dest, bind, Long.MIN_VALUE, List.copyOf(options),
                s != null && s.txtime() ? new RunMeta.TxTime(s.txtimeOffsetNs(), s.txtimeDeadline()) : null, layer2);
        return new RunMeta(RunMeta.FORMAT, RunMeta.VERSION, new RunMeta.Tool("tsnlat", Version.get()), role,
                List.copyOf(command), host(), config, sessionId == 0 ? null : Measurement.hex(sessionId),
                null, Map.of(), null, null, null, null, new RunMeta.Start(wall.toString(), clockNs), null, null, null, null);
    }

    static RunMeta withBase(RunMeta m, long baseNs) {
        var c = m.config();
        return m.withConfig(new RunMeta.Config(c.clock(), c.periodNs(), c.count(), c.durationNs(), c.sizeBytes(),
                c.warmupNs(), c.destination(), c.bind(), baseNs, c.options(), c.txtime(), c.layer2()));
    }

    /** meta.json's config.layer2 for probes in frames; null over UDP. */
    static RunMeta.Layer2 layer2(Layer2 l2, org.tsnlat.linux.ProbeSocket rx, org.tsnlat.linux.ProbeSocket tx) {
        if (l2 == null) return null;
        var receiving = rx instanceof org.tsnlat.linux.PacketSocket p ? p : null;
        var sending = tx instanceof org.tsnlat.linux.PacketSocket p ? p : null;
        return new RunMeta.Layer2(String.format("0x%04X", l2.etherType()), l2.tagged() ? l2.vlan() : null,
                l2.tagged() ? l2.pcp() : null,
                sending != null ? sending.interfaceName() : null, sending != null ? mac(sending.mac()) : null,
                sending != null ? mac(sending.destinationMac()) : null,
                receiving != null ? receiving.interfaceName() : null, receiving != null ? mac(receiving.mac()) : null);
    }

    private static String mac(byte[] m) {
        return org.tsnlat.wire.EthernetFraming.formatMac(m);
    }

    static RunMeta.Host host() {
        String name;
        try {
            name = InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            name = System.getenv().getOrDefault("HOSTNAME", "unknown");
        }
        return new RunMeta.Host(name, System.getProperty("os.version"), Runtime.getRuntime().availableProcessors());
    }

    static String hostPort(InetSocketAddress a) {
        return org.tsnlat.text.Addresses.hostPort(a);
    }
}
