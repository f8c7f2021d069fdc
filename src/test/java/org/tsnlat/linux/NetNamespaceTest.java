package org.tsnlat.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;

/** Sockets opened through callIn live in the namespace, and the thread always comes home. */
@Needs({Need.ROOT, Need.IP})
class NetNamespaceTest {
    static final String NS = "tl-netns-" + ProcessHandle.current().pid();
    static final Path THREAD_NS = Path.of("/proc/thread-self/ns/net");

    @BeforeAll
    static void createNamespace() throws Exception {
        ip("netns", "add", NS);
        ip("-n", NS, "link", "set", "lo", "up");
    }

    @AfterAll
    static void deleteNamespace() throws Exception {
        if (Files.exists(Path.of("/run/netns", NS))) {
            ip("netns", "del", NS);
        }
    }

    @Test
    void socketOpenedInsideBelongsToTheNamespaceAndTheThreadReturns() throws Exception {
        String before = Files.readSymbolicLink(THREAD_NS).toString();
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0);
        try (UdpSocket inside = NetNamespace.callIn(NS, () -> {
            UdpSocket s = UdpSocket.open(StandardProtocolFamily.INET);
            s.bind(loopback);
            s.setReceiveTimeoutMs(300);
            return s;
        })) {
            assertThat(Files.readSymbolicLink(THREAD_NS).toString()).isEqualTo(before);
            InetSocketAddress target = inside.localAddress();
            RxInfo info = new RxInfo();

            try (UdpSocket fromRoot = UdpSocket.open(StandardProtocolFamily.INET)) {
                fromRoot.connect(target);
                fromRoot.txBuffer().putInt(0, 1);
                fromRoot.trySend(4); // ECONNREFUSED or a datagram to whatever owns the port here
            }
            assertThat(inside.receive(info)).as("a datagram from the root namespace").isEqualTo(-1);

            try (UdpSocket sameNs = NetNamespace.callIn(NS, () -> UdpSocket.open(StandardProtocolFamily.INET))) {
                sameNs.connect(target); // connected and used outside callIn: it stays in NS
                sameNs.txBuffer().putInt(0, 2);
                assertThat(sameNs.send(4)).isEqualTo(4);
            }
            assertThat(inside.receive(info)).isEqualTo(4);
            assertThat(inside.rxBuffer().getInt(0)).isEqualTo(2);
        }
        assertThat(Files.readSymbolicLink(THREAD_NS).toString()).isEqualTo(before);
    }

    @Test
    void insideTheNamespaceTheThreadSeesAnotherInode() throws Exception {
        String before = Files.readSymbolicLink(THREAD_NS).toString();
        String inside = NetNamespace.callIn(NS, () -> Files.readSymbolicLink(THREAD_NS).toString());
        assertThat(inside).isNotEqualTo(before).startsWith("net:[");
        assertThat(Files.readSymbolicLink(THREAD_NS).toString()).isEqualTo(before);
    }

    @Test
    void theThreadReturnsWhenTheBodyThrows() throws Exception {
        String before = Files.readSymbolicLink(THREAD_NS).toString();
        assertThatThrownBy(() -> NetNamespace.callIn(NS, () -> {
            throw new IOException("boom");
        })).isInstanceOf(IOException.class).hasMessage("boom");
        assertThat(Files.readSymbolicLink(THREAD_NS).toString()).isEqualTo(before);
    }

    @Test
    void otherThreadsStayWhereTheyAre() throws Exception {
        String before = Files.readSymbolicLink(THREAD_NS).toString();
        var question = new java.util.concurrent.SynchronousQueue<Boolean>();
        var answer = new java.util.concurrent.SynchronousQueue<String>();
        Thread other = Thread.ofPlatform().daemon().start(() -> {
            try {
                question.take();
                answer.put(Files.readSymbolicLink(THREAD_NS).toString());
            } catch (Exception e) {
                answer.offer(e.toString());
            }
        });
        String seen = NetNamespace.callIn(NS, () -> {
            question.put(true);
            return answer.poll(5, TimeUnit.SECONDS);
        });
        other.join(5_000);
        assertThat(seen).isEqualTo(before);
    }

    @Test
    void missingNamespaceNamesThePath() {
        assertThatThrownBy(() -> NetNamespace.named("tl-no-such-namespace"))
                .isInstanceOf(LinuxException.class)
                .hasMessageContaining("/run/netns/tl-no-such-namespace")
                .hasMessageContaining("No such file or directory");
    }

    @Test
    void currentCanBeEnteredAgain() {
        try (NetNamespace here = NetNamespace.current()) {
            here.enter();
            assertThat(here.path()).isEqualTo("/proc/thread-self/ns/net");
        }
    }

    static void ip(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(cmd + ": " + out);
        }
    }
}
