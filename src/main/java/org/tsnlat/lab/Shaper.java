package org.tsnlat.lab;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tc commands that shape the bottleneck, the egress of talker:eth0, where the probes and the
 * background load leave the talker together, so load makes a real queue in front of the probes.
 *
 * <p>TBF: one FIFO drained at the rate.
 * <pre>
 * tc qdisc add dev eth0 root handle 1: tbf rate R burst B latency 5ms
 * </pre>
 * B is one millisecond at the rate, at least two full frames (3028 bytes); tc sizes the queue
 * as {@code R x 5ms + B}, so a saturating load queues a probe for about 5 ms plus one burst before
 * the qdisc starts dropping.
 *
 * <p>HTB: a probe class that borrows the whole rate first, and a bulk class for the rest.
 * <pre>
 * tc qdisc add dev eth0 root handle 1: htb default 20
 * tc class add dev eth0 parent 1:  classid 1:1  htb rate R ceil R
 * tc class add dev eth0 parent 1:1 classid 1:10 htb rate R/10 ceil R prio 0 quantum 1514
 * tc class add dev eth0 parent 1:1 classid 1:20 htb rate R-R/10 ceil R prio 1 quantum 1514
 * tc qdisc add dev eth0 parent 1:10 handle 10: pfifo limit 100
 * tc qdisc add dev eth0 parent 1:20 handle 20: bfifo limit (R x 5ms, at least 10 frames)
 * </pre>
 * htb puts a packet straight into the leaf class whose id equals its skb priority, so a probe
 * socket with {@code SO_PRIORITY} {@value #HTB_PROBE_PRIORITY} (0x10010 = class 1:10) goes to the
 * probe class without a filter. PTP messages (ptp4l leaves their skb priority alone) are steered
 * by u32 filters to class C, 1:10 for {@link Shaping.PtpClass#PRIORITY} (the default: behind a
 * saturating load the bulk queue delays a Sync past ptp4l's TX timestamp timeout and its port
 * goes FAULTY) or 1:20 for {@link Shaping.PtpClass#BULK} (to show exactly that):
 * <pre>
 * tc filter add dev eth0 parent 1: protocol ip     prio 1 u32 match ip protocol 17 0xff match ip dport 319 0xffff flowid C
 * tc filter add dev eth0 parent 1: protocol ip     prio 1 u32 match ip protocol 17 0xff match ip dport 320 0xffff flowid C
 * tc filter add dev eth0 parent 1: protocol ipv6   prio 2 u32 match ip6 protocol 17 0xff match ip6 dport 319 0xffff flowid C
 * tc filter add dev eth0 parent 1: protocol ipv6   prio 2 u32 match ip6 protocol 17 0xff match ip6 dport 320 0xffff flowid C
 * tc filter add dev eth0 parent 1: protocol 0x88f7 prio 3 u32 match u32 0 0 flowid C
 * </pre>
 * (event messages go to UDP port 319, general ones to 320; 0x88F7 is PTP over Ethernet, layer 2;
 * the ip and ip6 matches assume no IPv4 options or IPv6 extension headers, as ptp4l sends).
 * Frames with an 802.1Q tag of priority 4 to 7 (the probes of {@code --transport l2 --pcp 4..7})
 * go to the probe class, as a TSN bridge maps the high PCPs to its time-critical traffic class:
 * <pre>
 * tc filter add dev eth0 parent 1: protocol 802.1Q prio 4 u32 match u16 0x8000 0x8000 at -4 flowid 1:10
 * </pre>
 * (u32's offsets count from the network header, which for a tagged frame a packet socket sent is
 * after the tag: the TCI is 4 bytes before it, its top bit the PCP's; this kernel has no flower
 * classifier). Everything else falls to {@code default 20}.
 */
final class Shaper {
    /** The skb priority that htb maps to class 1:10: major 1 in the high 16 bits, minor 0x10. */
    static final int HTB_PROBE_PRIORITY = 0x0001_0010;
    static final int QUEUE_MS = 5;
    /** htb's probe class: probes by their SO_PRIORITY, tagged frames of PCP 4 to 7 by a filter. */
    static final String PROBE_CLASS = "1:10";
    /** The least 802.1Q priority the filter puts in the probe class (4 to 7: the PCP's top bit set). */
    static final int PROBE_CLASS_MIN_PCP = 4;

    /**
     * The htb class of probes sent at {@code soPriority} with a tag of priority {@code pcp} (-1:
     * untagged), and why when not the probe class: their SO_PRIORITY names 1:10, else the PCP
     * filter takes tagged frames of PCP 4 to 7 there, else they fall to the bulk class.
     */
    static String probeClass(int soPriority, int pcp) {
        if (soPriority == HTB_PROBE_PRIORITY) return PROBE_CLASS;
        if (pcp >= PROBE_CLASS_MIN_PCP) return PROBE_CLASS + " (by their PCP " + pcp + ")";
        return "1:20, the bulk class (SO_PRIORITY " + soPriority + " from --pcp names no htb class"
                + (pcp >= 0 ? ", and PCP " + pcp + " is below the probe class's " + PROBE_CLASS_MIN_PCP : "") + ")";
    }
    static final int FULL_FRAME_BYTES = 1514;
    /** UDP ports of PTP event messages (Sync, Delay_Req; timestamped) and general messages. */
    static final List<Integer> PTP_UDP_PORTS = List.of(319, 320);
    /** EtherType of PTP over Ethernet (IEEE 1588 annex F). */
    static final String PTP_ETHERTYPE = "0x88f7";

    private static final Pattern CLASS_TEXT =
            Pattern.compile("^class \\S+ (\\S+) .*?\\n\\s*Sent \\d+ bytes (\\d+) pkt", Pattern.MULTILINE | Pattern.DOTALL);

    private Shaper() {
    }

    /** The commands, in order, for {@code shaping} on {@code device} in {@code namespace}. */
    static List<List<String>> commands(String namespace, String device, Shaping shaping) {
        long rate = shaping.rateBitsPerSecond();
        List<List<String>> c = new ArrayList<>();
        switch (shaping.kind()) {
            case TBF -> c.add(Exec.tc(namespace, "qdisc", "add", "dev", device, "root", "handle", "1:", "tbf",
                    "rate", rate + "bit", "burst", Long.toString(tbfBurstBytes(rate)), "latency", QUEUE_MS + "ms"));
            case HTB -> {
                long probeRate = Math.max(rate / 10, 8_000);
                c.add(Exec.tc(namespace, "qdisc", "add", "dev", device, "root", "handle", "1:", "htb", "default", "20"));
                c.add(Exec.tc(namespace, "class", "add", "dev", device, "parent", "1:", "classid", "1:1", "htb",
                        "rate", rate + "bit", "ceil", rate + "bit"));
                c.add(Exec.tc(namespace, "class", "add", "dev", device, "parent", "1:1", "classid", "1:10", "htb",
                        "rate", probeRate + "bit", "ceil", rate + "bit", "prio", "0", "quantum", "" + FULL_FRAME_BYTES));
                c.add(Exec.tc(namespace, "class", "add", "dev", device, "parent", "1:1", "classid", "1:20", "htb",
                        "rate", (rate - probeRate) + "bit", "ceil", rate + "bit", "prio", "1",
                        "quantum", "" + FULL_FRAME_BYTES));
                c.add(Exec.tc(namespace, "qdisc", "add", "dev", device, "parent", "1:10", "handle", "10:", "pfifo",
                        "limit", "100"));
                c.add(Exec.tc(namespace, "qdisc", "add", "dev", device, "parent", "1:20", "handle", "20:", "bfifo",
                        "limit", Long.toString(bulkQueueBytes(rate))));
                c.addAll(ptpFilters(namespace, device, shaping.ptpClass()));
                String pcpBit = String.format("0x%04x", PROBE_CLASS_MIN_PCP << 13); // PCP 4-7: the TCI's top bit
                c.add(Exec.tc(namespace, "filter", "add", "dev", device, "parent", "1:", "protocol", "802.1Q", "prio", "4",
                        "u32", "match", "u16", pcpBit, pcpBit, "at", "-4", "flowid", PROBE_CLASS));
            }
        }
        return c;
    }

    /** The u32 filters that steer PTP messages into {@code ptpClass}'s htb class. */
    static List<List<String>> ptpFilters(String namespace, String device, Shaping.PtpClass ptpClass) {
        List<List<String>> c = new ArrayList<>();
        for (int port : PTP_UDP_PORTS) {
            c.add(filter(namespace, device, "ip", 1, ptpClass, "match", "ip", "protocol", "17", "0xff",
                    "match", "ip", "dport", Integer.toString(port), "0xffff"));
        }
        for (int port : PTP_UDP_PORTS) {
            c.add(filter(namespace, device, "ipv6", 2, ptpClass, "match", "ip6", "protocol", "17", "0xff",
                    "match", "ip6", "dport", Integer.toString(port), "0xffff"));
        }
        c.add(filter(namespace, device, PTP_ETHERTYPE, 3, ptpClass, "match", "u32", "0", "0"));
        return c;
    }

    private static List<String> filter(String namespace, String device, String protocol, int prio,
            Shaping.PtpClass ptpClass, String... match) {
        List<String> args = new ArrayList<>(List.of("filter", "add", "dev", device, "parent", "1:", "protocol",
                protocol, "prio", Integer.toString(prio), "u32"));
        args.addAll(List.of(match));
        args.addAll(List.of("flowid", ptpClass.classId()));
        return Exec.tc(namespace, args.toArray(String[]::new));
    }

    /**
     * Packets each class sent, by class id ("1:10"): from {@code tc -s -j class show}, or from its
     * text when this iproute2 prints htb classes as text despite {@code -j} (Debian 12's 6.1 does).
     */
    static Map<String, Long> classPackets(String namespace, String device) {
        String out = Exec.run(Exec.tc(namespace, "-s", "-j", "class", "show", "dev", device)).strip();
        Map<String, Long> packets = new TreeMap<>();
        if (out.startsWith("[")) {
            try {
                for (JsonNode c : StateFile.JSON.readTree(out)) {
                    packets.put(c.path("handle").asText(), c.path("stats").path("packets").asLong());
                }
            } catch (java.io.IOException e) {
                throw new LabException("tc -s -j class show dev " + device + ": bad JSON: " + e.getMessage(), e);
            }
            return packets;
        }
        Matcher m = CLASS_TEXT.matcher(out);
        while (m.find()) {
            packets.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return packets;
    }

    /** The SO_PRIORITY that puts a probe in the probe class, or -1 when there is none. */
    static int probeSoPriority(Shaping shaping) {
        return shaping != null && shaping.kind() == Shaping.Kind.HTB ? HTB_PROBE_PRIORITY : -1;
    }

    static long tbfBurstBytes(long rateBitsPerSecond) {
        return Math.max(2L * FULL_FRAME_BYTES, rateBitsPerSecond / 8 / 1000);
    }

    static long bulkQueueBytes(long rateBitsPerSecond) {
        return Math.max(10L * FULL_FRAME_BYTES, rateBitsPerSecond / 8 * QUEUE_MS / 1000);
    }
}
