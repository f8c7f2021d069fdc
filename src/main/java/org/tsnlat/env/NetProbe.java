package org.tsnlat.env;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.tsnlat.linux.DriverInfo;
import org.tsnlat.linux.LinuxException;
import org.tsnlat.linux.NetDevice;
import org.tsnlat.linux.TimestampingCapabilities;
import org.tsnlat.linux.UdpSocket;

/**
 * The interfaces in use, in this process's network namespace: driver, offloads and timestamping
 * (ethtool ioctls), MTU, queues, XPS/RPS masks (/sys/class/net), qdiscs and the schedules of
 * taprio, etf and mqprio ({@code tc -j}). Never records the MAC address or ifindex.
 */
final class NetProbe {

    private NetProbe() {
    }

    static SortedMap<String, EnvSnapshot.NetInterface> collect(List<String> interfaces, Reads reads) {
        SortedMap<String, EnvSnapshot.NetInterface> net = new TreeMap<>();
        for (String ifname : interfaces) {
            net.put(ifname, one(ifname, reads));
        }
        return net;
    }

    private static EnvSnapshot.NetInterface one(String ifname, Reads reads) {
        String k = "net." + ifname + ".";
        Path sys = Path.of("/sys/class/net", ifname);
        if (!Files.isDirectory(sys)) {
            reads.unreadable("net." + ifname, "no such interface");
            return null;
        }
        DriverInfo driver = null;
        try {
            driver = NetDevice.driverInfo(ifname);
        } catch (LinuxException | IllegalArgumentException e) {
            reads.unreadable(k + "driver", Reads.reason(e));
        }
        SortedMap<String, String> offloads = null;
        try {
            offloads = new TreeMap<>(NetDevice.features(ifname));
        } catch (LinuxException | IllegalArgumentException e) {
            reads.unreadable(k + "offloads", Reads.reason(e));
        }
        JsonNode tc = tcQdisc(ifname, k, reads);
        return new EnvSnapshot.NetInterface(
                driver == null ? null : driver.driver(), driver == null ? null : driver.version(),
                driver == null ? null : driver.firmwareVersion(), driver == null ? null : driver.busInfo(),
                reads.intFile(k + "mtu", sys.resolve("mtu")),
                reads.file(k + "operstate", sys.resolve("operstate")),
                reads.intFile(k + "txQueueLen", sys.resolve("tx_queue_len")),
                count(sys, "tx-"), count(sys, "rx-"),
                tc == null ? null : Qdiscs.summaries(tc), tc,
                offloads, timestamping(ifname, k, reads),
                masks(sys, "tx-", "xps_cpus", k + "xpsCpus", reads),
                masks(sys, "rx-", "rps_cpus", k + "rpsCpus", reads),
                tc == null ? null : QdiscSchedules.of(tc));
    }

    private static JsonNode tcQdisc(String ifname, String k, Reads reads) {
        try {
            return QdiscSchedules.show(ifname, null);
        } catch (IOException e) {
            reads.unreadable(k + "qdisc", e.getMessage());
            return null;
        }
    }

    private static EnvSnapshot.Timestamping timestamping(String ifname, String k, Reads reads) {
        try {
            TimestampingCapabilities c = UdpSocket.capabilities(ifname);
            return new EnvSnapshot.Timestamping(hex(c.soTimestampingFlags()), c.phcIndex(),
                    hex(c.txTypes()), hex(c.rxFilters()), c.hardwareRx(), c.hardwareTx());
        } catch (LinuxException | IllegalArgumentException e) {
            reads.unreadable(k + "timestamping", Reads.reason(e));
            return null;
        }
    }

    private static Integer count(Path sys, String prefix) {
        try (DirectoryStream<Path> queues = Files.newDirectoryStream(sys.resolve("queues"), prefix + "*")) {
            int n = 0;
            for (Path ignored : queues) {
                n++;
            }
            return n;
        } catch (IOException e) {
            return null;
        }
    }

    /** The hex CPU mask of every queue's file, keyed by queue ("tx-0"); null when none has it. */
    private static SortedMap<String, String> masks(Path sys, String prefix, String file, String key,
            Reads reads) {
        SortedMap<String, String> byQueue = new TreeMap<>();
        String failure = "no " + file + " (virtual interface or kernel without it)";
        try (DirectoryStream<Path> queues = Files.newDirectoryStream(sys.resolve("queues"), prefix + "*")) {
            for (Path q : queues) {
                try {
                    byQueue.put(q.getFileName().toString(), Files.readString(q.resolve(file)).trim());
                } catch (IOException e) {
                    failure = file + ": " + Reads.reason(e);
                }
            }
        } catch (IOException e) {
            failure = Reads.reason(e);
        }
        if (byQueue.isEmpty()) {
            reads.unreadable(key, failure);
            return null;
        }
        return byQueue;
    }

    private static String hex(int bits) {
        return "0x" + Integer.toHexString(bits);
    }
}
