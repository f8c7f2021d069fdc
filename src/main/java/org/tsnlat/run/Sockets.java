package org.tsnlat.run;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tsnlat.linux.LinuxException;
import org.tsnlat.linux.NetNamespace;
import org.tsnlat.linux.PacketSocket;
import org.tsnlat.linux.Timestamping;
import org.tsnlat.linux.UdpSocket;
import org.tsnlat.wire.EthernetFraming;

/** Opens the measurement's sockets, each in its end's network namespace, with timestamping on. */
final class Sockets {
    private static final int EPERM = 1;

    private Sockets() {}

    static UdpSocket receiver(ReceiverConfig config, String netns, StringBuilder timestamping) {
        InetSocketAddress bind = config.bind();
        return in(netns, () -> set(UdpSocket.open(UdpSocket.familyOf(bind)), s -> {
            try {
                s.bind(bind);
            } catch (LinuxException e) {
                throw new SetupException("cannot listen on " + MetaFactory.hostPort(bind) + ": " + e.getMessage(), e);
            }
            s.setReceiveTimeoutMs(ReceiverConfig.POLL_MS);
            s.setReceiveBufferBytes(4 << 20);
            // TX timestamps of the reflections: their t3, sent as a follow-up in the next reflection
            timestamping.append(describe(s.enableTimestamping(true, config.reflect(), existing(config.interfaceName()))));
        }));
    }

    static UdpSocket sender(SenderConfig config, InetSocketAddress dest, String netns, StringBuilder timestamping) {
        return in(netns, () -> set(UdpSocket.open(UdpSocket.familyOf(dest)), s -> {
            try {
                s.connect(dest);
            } catch (LinuxException e) {
                throw new SetupException("cannot send to " + MetaFactory.hostPort(dest) + ": " + e.getMessage(), e);
            }
            if (config.soPriority() >= 0) {
                s.setPriority(config.soPriority());
            }
            boolean reflections = config.reflectEvery() > 0;
            if (reflections) {
                s.setReceiveTimeoutMs(ReflectionReceiver.POLL_MS);
            }
            timestamping.append(describe(s.enableTimestamping(reflections, true, existing(config.interfaceName()))));
            if (config.txtime()) enableTxTime(s::enableTxTime, config);
        }));
    }

    /**
     * The receiving end's packet socket on {@code l2.rxInterface()}: frames of the probes'
     * EtherType (the rest kept out by its filter), reflections answered untagged, or tagged as
     * the probes are when the receiver was given the tag.
     */
    static PacketSocket packetReceiver(ReceiverConfig config, Layer2 l2, String netns, StringBuilder timestamping) {
        return in(netns, () -> set(openPacket("receive", l2.rxInterface(),
                () -> PacketSocket.openReceiving(l2.rxInterface(), l2.etherType())), s -> {
                    s.setReceiveTimeoutMs(ReceiverConfig.POLL_MS);
                    s.setReceiveBufferBytes(4 << 20);
                    s.frame(new byte[EthernetFraming.MAC_BYTES], l2.vlan(), l2.pcp(), l2.etherType()); // reflections: to each probe's source
                    if (l2.pcp() > 0) s.setPriority(l2.pcp());
                    timestamping.append(describe(s.enableTimestamping(true, config.reflect())));
                }));
    }

    /** The sending end's packet socket on {@code l2.txInterface()}, framing to {@code destinationMac}. */
    static PacketSocket packetSender(SenderConfig config, Layer2 l2, byte[] destinationMac, String netns,
                                     StringBuilder timestamping) {
        boolean reflections = config.reflectEvery() > 0;
        return in(netns, () -> set(openPacket("send", l2.txInterface(), () -> reflections
                ? PacketSocket.openReceiving(l2.txInterface(), l2.etherType()) : PacketSocket.openSending(l2.txInterface())), s -> {
                    int mtu = s.mtu();
                    if (config.sizeBytes() > mtu) {
                        throw new SetupException("probes of " + config.sizeBytes() + " bytes do not fit " + l2.txInterface()
                                + "'s MTU of " + mtu + " (a frame carries the probe as its payload): give --size " + mtu
                                + " or less", null);
                    }
                    s.frame(destinationMac, l2.vlan(), l2.pcp(), l2.etherType());
                    int priority = config.soPriority() >= 0 ? config.soPriority() : l2.pcp();
                    if (priority > 0) s.setPriority(priority);
                    if (reflections) s.setReceiveTimeoutMs(ReflectionReceiver.POLL_MS);
                    timestamping.append(describe(s.enableTimestamping(reflections, true)));
                    if (config.txtime()) enableTxTime(s::enableTxTime, config);
                }));
    }

    /**
     * A packet socket {@code open} opened, its interface up (frames sent on a down one are refused,
     * and none come in); a refusal said as what could not be done on which interface.
     */
    private static PacketSocket openPacket(String doing, String interfaceName, java.util.function.Supplier<PacketSocket> open) {
        PacketSocket s;
        try {
            s = open.get();
        } catch (LinuxException e) {
            throw new SetupException("cannot " + doing + " frames on " + interfaceName + ": " + e.getMessage()
                    + (e.errno() == EPERM ? " (a packet socket needs CAP_NET_RAW: run as root)" : ""), e);
        }
        return set(s, Sockets::requireUp);
    }

    /** --interface's name, when this namespace has that interface (or none was given); refused before the first probe otherwise. */
    private static String existing(String interfaceName) {
        if (interfaceName == null) return null;
        try {
            PacketSocket.ifindex(interfaceName);
            return interfaceName;
        } catch (LinuxException e) {
            throw new SetupException("--interface " + interfaceName + ": " + e.getMessage() + " (ip -br link lists the "
                    + "interfaces there are)", e);
        }
    }

    /** {@code s} once {@code setUp} has set it up; closed, and the failure passed on, when it fails. */
    static <S extends org.tsnlat.linux.ProbeSocket> S set(S s, java.util.function.Consumer<S> setUp) {
        try {
            setUp.accept(s);
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** A packet socket's interface must be up: frames sent on a down one are refused, and none come in. */
    private static void requireUp(PacketSocket s) {
        if (!s.interfaceUp()) {
            throw new SetupException(s.interfaceName() + " is down: no frame can leave or arrive by it (ip link set "
                    + s.interfaceName() + " up)", null);
        }
    }

    /** SO_TXTIME on the probes' clock; refused (EPERM without CAP_NET_ADMIN): exit 3, said plainly. */
    private static void enableTxTime(java.util.function.BiConsumer<org.tsnlat.linux.ClockId, Boolean> enable, SenderConfig config) {
        try {
            enable.accept(config.clock(), config.txtimeDeadline());
        } catch (LinuxException e) {
            String why = e.errno() == EPERM
                    ? ": a launch time on CLOCK_" + config.clock().name() + " needs CAP_NET_ADMIN (run as root, or give"
                            + " the JVM the capability); only CLOCK_MONOTONIC is open to every user, and tsnlat's probes"
                            + " are on TAI or REALTIME"
                    : "";
            throw new SetupException("--txtime: the kernel refused SO_TXTIME (" + e.getMessage() + ")" + why, e);
        }
    }

    /** Runs {@code body} in network namespace {@code netns} (null: here), so its sockets live there. */
    static <T> T in(String netns, Callable<T> body) {
        try {
            return netns == null ? body.call() : NetNamespace.callIn(netns, body);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new SetupException("cannot enter network namespace " + netns + ": " + e.getMessage(), e);
        }
    }


    static String describe(Timestamping ts) {
        List<String> on = new ArrayList<>();
        if (ts.hwRx()) on.add("hw rx");
        if (ts.swRx()) on.add("sw rx");
        if (ts.hwTx()) on.add("hw tx");
        if (ts.schedTx()) on.add("sched tx");
        if (ts.swTx()) on.add("sw tx");
        String note = ts.hardwareNote() == null || ts.hardwareNote().isEmpty() ? "" : "; " + ts.hardwareNote();
        return String.join(", ", on) + note;
    }
}
