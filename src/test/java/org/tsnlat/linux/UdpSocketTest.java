package org.tsnlat.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class UdpSocketTest {
    static final long FIVE_SECONDS_NS = TimeUnit.SECONDS.toNanos(5);

    static InetSocketAddress loopback(StandardProtocolFamily family, int port) throws Exception {
        String host = family == StandardProtocolFamily.INET ? "127.0.0.1" : "::1";
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }

    /** A receiver bound to an ephemeral loopback port with software RX timestamps. */
    static UdpSocket receiver(StandardProtocolFamily family) throws Exception {
        UdpSocket socket = UdpSocket.open(family);
        socket.bind(loopback(family, 0));
        socket.setReceiveTimeoutMs(2_000);
        socket.enableTimestamping(true, false, null);
        Thread.sleep(UdpSocket.RX_TIMESTAMPING_SETTLE_MS); // see UdpSocket.enableTimestamping
        return socket;
    }

    /** A sender connected to {@code receiver} with software TX timestamps. */
    static UdpSocket sender(StandardProtocolFamily family, UdpSocket receiver) {
        UdpSocket socket = UdpSocket.open(family);
        socket.connect(receiver.localAddress());
        socket.enableTimestamping(false, true, null);
        return socket;
    }

    @ParameterizedTest
    @EnumSource(names = {"INET", "INET6"})
    void datagramsArriveWithSoftwareRxTimestampsNearRealtime(StandardProtocolFamily family)
            throws Exception {
        try (UdpSocket rx = receiver(family); UdpSocket tx = sender(family, rx)) {
            RxInfo info = new RxInfo();
            for (int seq = 0; seq < 5; seq++) {
                tx.txBuffer().putLong(0, seq).putInt(8, 0xCAFEBABE);
                assertThat(tx.send(12)).isEqualTo(12);

                assertThat(rx.receive(info)).isEqualTo(12);
                long nowNs = Clock.readNs(ClockId.REALTIME);
                assertThat(rx.rxBuffer().getLong(0)).isEqualTo(seq);
                assertThat(rx.rxBuffer().getInt(8)).isEqualTo(0xCAFEBABE);
                assertThat(info.length).isEqualTo(12);
                assertThat(info.truncated).isFalse();
                assertThat(info.controlTruncated).isFalse();
                assertThat(info.swRxNs).isPositive().isBetween(nowNs - FIVE_SECONDS_NS, nowNs);
                assertThat(info.hwRxNs).isEqualTo(RxInfo.ABSENT);
                assertThat(info.sourceFamily).isEqualTo(family);
                assertThat(info.sourceAddress()).isEqualTo(tx.localAddress());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"INET", "INET6"})
    void txTimestampsSchedAndSndArriveNumberedInSendOrder(StandardProtocolFamily family)
            throws Exception {
        try (UdpSocket rx = receiver(family); UdpSocket tx = sender(family, rx)) {
            int count = 5;
            for (int seq = 0; seq < count; seq++) {
                tx.txBuffer().putLong(0, seq);
                tx.send(8);
            }
            List<String> seen = new ArrayList<>();
            TxTimestamp ts = new TxTimestamp();
            long deadlineNs = System.nanoTime() + FIVE_SECONDS_NS;
            long nowNs = Clock.readNs(ClockId.REALTIME);
            while (seen.size() < 2 * count && System.nanoTime() < deadlineNs) {
                if (!tx.pollTxTimestamp(ts)) {
                    Thread.sleep(1);
                    continue;
                }
                assertThat(ts.swNs).isBetween(nowNs - FIVE_SECONDS_NS, nowNs);
                assertThat(ts.hwNs).isEqualTo(TxTimestamp.ABSENT);
                seen.add(ts.id + (ts.kind == TxTimestamp.SCHED ? " SCHED" : ts.kind == TxTimestamp.SND ? " SND" : " ?"));
            }
            assertThat(seen).containsExactly("0 SCHED", "0 SND", "1 SCHED", "1 SND", "2 SCHED",
                    "2 SND", "3 SCHED", "3 SND", "4 SCHED", "4 SND");
            assertThat(tx.pollTxTimestamp(ts)).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"INET", "INET6"})
    void sendToReflectsADatagramBackToItsSource(StandardProtocolFamily family) throws Exception {
        try (UdpSocket reflector = receiver(family); UdpSocket prober = sender(family, reflector)) {
            prober.setReceiveTimeoutMs(2_000);
            prober.txBuffer().putInt(0, 42);
            prober.send(4);
            RxInfo atReflector = new RxInfo();
            assertThat(reflector.receive(atReflector)).isEqualTo(4);
            reflector.txBuffer().putInt(0, reflector.rxBuffer().getInt(0) + 1);
            assertThat(reflector.sendTo(4, atReflector)).isEqualTo(4);

            RxInfo atProber = new RxInfo();
            assertThat(prober.receive(atProber)).isEqualTo(4);
            assertThat(prober.rxBuffer().getInt(0)).isEqualTo(43);
            assertThat(atProber.sourceAddress()).isEqualTo(reflector.localAddress());
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"INET", "INET6"})
    void receiveReturnsMinusOneWhenTheTimeoutExpires(StandardProtocolFamily family) throws Exception {
        try (UdpSocket socket = UdpSocket.open(family)) {
            socket.bind(loopback(family, 0));
            socket.setReceiveTimeoutMs(50);
            long startNs = System.nanoTime();
            assertThat(socket.receive(new RxInfo())).isEqualTo(-1);
            assertThat(System.nanoTime() - startNs).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(40));
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"INET", "INET6"})
    void bindingAPortInUseNamesBindAndTheErrnoText(StandardProtocolFamily family) throws Exception {
        try (UdpSocket first = UdpSocket.open(family); UdpSocket second = UdpSocket.open(family)) {
            first.bind(loopback(family, 0));
            InetSocketAddress taken = first.localAddress();
            assertThatThrownBy(() -> second.bind(taken))
                    .isInstanceOfSatisfying(LinuxException.class, e -> {
                        assertThat(e.function()).isEqualTo("bind");
                        assertThat(e.errno()).isEqualTo(98);
                    })
                    .hasMessageContaining("bind")
                    .hasMessageContaining("Address already in use")
                    .hasMessageContaining("(errno 98)");
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"INET", "INET6"})
    void closeFromAnotherThreadWakesABlockedReceiveWithMinusOne(StandardProtocolFamily family)
            throws Exception {
        UdpSocket socket = UdpSocket.open(family);
        socket.bind(loopback(family, 0));
        CompletableFuture<Integer> received = ErrnoPerThreadTest.onNewThread(
                () -> socket.receive(new RxInfo()));
        Thread.sleep(200);
        socket.close();
        assertThat(received.get(5, TimeUnit.SECONDS)).isEqualTo(-1);
        socket.close();
        assertThatThrownBy(() -> socket.receive(new RxInfo()))
                .isInstanceOfSatisfying(LinuxException.class,
                        e -> assertThat(e.errno()).isEqualTo(9))
                .hasMessageContaining("Bad file descriptor");
        assertThatThrownBy(() -> socket.send(1)).isInstanceOf(LinuxException.class);
    }

    @ParameterizedTest
    @EnumSource(names = {"INET", "INET6"})
    void buffersAreDirectBigEndianAnd64KiB(StandardProtocolFamily family) {
        try (UdpSocket socket = UdpSocket.open(family)) {
            assertThat(socket.txBuffer().isDirect()).isTrue();
            assertThat(socket.txBuffer().capacity()).isEqualTo(65536);
            assertThat(socket.rxBuffer().capacity()).isEqualTo(65536);
            assertThat(socket.txBuffer().order()).isEqualTo(java.nio.ByteOrder.BIG_ENDIAN);
            assertThat(socket.rxBuffer().order()).isEqualTo(java.nio.ByteOrder.BIG_ENDIAN);
            assertThat(socket.fd()).isNotNegative();
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"INET", "INET6"})
    void socketOptionsAreAccepted(StandardProtocolFamily family) {
        try (UdpSocket socket = UdpSocket.open(family)) {
            socket.setReuseAddress(true);
            socket.setPriority(3);
            socket.setReceiveBufferBytes(1 << 20);
            socket.setBusyPollUs(0);
            socket.setReceiveTimeoutMs(0);
        }
    }

    /**
     * SO_TXTIME on loopback: the kernel takes the option and each send's SCM_TXTIME launch time,
     * but nothing enforces it (no etf or taprio on lo): the datagram leaves at once, gets both
     * TX timestamps, and no launch-time drop comes back. MONOTONIC needs no CAP_NET_ADMIN.
     */
    @ParameterizedTest
    @EnumSource(names = {"INET", "INET6"})
    void txTimeIsAcceptedOnLoopbackAndTheDatagramLeavesAtOnce(StandardProtocolFamily family) throws Exception {
        sendWithLaunchTime(family, ClockId.MONOTONIC, false);
        sendWithLaunchTime(family, ClockId.MONOTONIC, true);
    }

    @org.junit.jupiter.api.Test
    @org.tsnlat.testing.Needs(org.tsnlat.testing.Need.ROOT)
    void txTimeOnTaiAndRealtimeIsAcceptedWithCapNetAdmin() throws Exception {
        sendWithLaunchTime(StandardProtocolFamily.INET, ClockId.TAI, false);
        sendWithLaunchTime(StandardProtocolFamily.INET, ClockId.REALTIME, true);
    }

    @org.junit.jupiter.api.Test
    @org.tsnlat.testing.Needs(org.tsnlat.testing.Need.NON_ROOT)
    void txTimeOnTaiWithoutCapNetAdminIsRefusedWithEperm() {
        try (UdpSocket socket = UdpSocket.open(StandardProtocolFamily.INET)) {
            assertThatThrownBy(() -> socket.enableTxTime(ClockId.TAI, false))
                    .isInstanceOf(LinuxException.class)
                    .hasMessageContaining("setsockopt")
                    .hasMessageContaining("SO_TXTIME")
                    .satisfies(e -> assertThat(((LinuxException) e).errno()).isEqualTo(Errno.EPERM));
            assertThat(socket.txTimeEnabled()).isFalse();
        }
    }

    @org.junit.jupiter.api.Test
    void enableTxTimeOnAClosedSocketNamesSetsockopt() {
        UdpSocket socket = UdpSocket.open(StandardProtocolFamily.INET);
        socket.close();
        assertThatThrownBy(() -> socket.enableTxTime(ClockId.MONOTONIC, false))
                .isInstanceOf(LinuxException.class)
                .hasMessageContaining("setsockopt");
    }

    private static void sendWithLaunchTime(StandardProtocolFamily family, ClockId clock, boolean deadline)
            throws Exception {
        try (UdpSocket rx = receiver(family); UdpSocket tx = sender(family, rx)) {
            tx.enableTxTime(clock, deadline);
            assertThat(tx.txTimeEnabled()).isTrue();
            RxInfo info = new RxInfo();
            TxTimestamp ts = new TxTimestamp();
            for (int seq = 0; seq < 5; seq++) {
                long launch = Clock.readNs(clock) + 200_000;
                tx.setTxTime(launch);
                tx.txBuffer().putLong(0, seq);
                assertThat(tx.send(8)).isEqualTo(8);
                assertThat(rx.receive(info)).isEqualTo(8);
                assertThat(rx.rxBuffer().getLong(0)).isEqualTo(seq);
            }
            int stamps = 0;
            long deadlineNs = System.nanoTime() + FIVE_SECONDS_NS;
            while (stamps < 10 && System.nanoTime() < deadlineNs) {
                if (tx.pollTxTimestamp(ts)) stamps++;
            }
            assertThat(stamps).isEqualTo(10);
            assertThat(tx.txtimeMissed()).isZero();
            assertThat(tx.txtimeInvalid()).isZero();
        }
    }
}
