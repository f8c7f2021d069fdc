package org.tsnlat.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AF_UNIX datagrams between real sockets, and the errors a ptp4l client meets. */
class UnixDatagramSocketTest {
    @TempDir
    Path dir;

    @Test
    void aDatagramSentToABoundPathArrivesWhole() {
        try (UnixDatagramSocket server = UnixDatagramSocket.bind(dir.resolve("server"));
                UnixDatagramSocket client = UnixDatagramSocket.bind(dir.resolve("client"))) {
            ByteBuffer msg = ByteBuffer.wrap("GET PORT_DATA_SET".getBytes(StandardCharsets.US_ASCII));
            client.sendTo(server.clientPath(), msg);
            assertThat(msg.hasRemaining()).isFalse();

            ByteBuffer into = ByteBuffer.allocate(100);
            assertThat(server.receive(into, 1000)).isEqualTo(17);
            assertThat(new String(into.array(), 0, into.position(), StandardCharsets.US_ASCII))
                    .isEqualTo("GET PORT_DATA_SET");
        }
    }

    @Test
    void receiveGivesMinusOneAfterTheTimeout() {
        try (UnixDatagramSocket socket = UnixDatagramSocket.bind(dir.resolve("quiet"))) {
            long startNs = System.nanoTime();
            assertThat(socket.receive(ByteBuffer.allocate(10), 80)).isEqualTo(-1);
            assertThat(System.nanoTime() - startNs).isGreaterThanOrEqualTo(75_000_000L);
        }
    }

    @Test
    void aDatagramLongerThanTheBufferIsCutToIt() {
        try (UnixDatagramSocket server = UnixDatagramSocket.bind(dir.resolve("server"));
                UnixDatagramSocket client = UnixDatagramSocket.bind(dir.resolve("client"))) {
            client.sendTo(server.clientPath(), ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5}));
            ByteBuffer into = ByteBuffer.allocate(3);
            assertThat(server.receive(into, 1000)).isEqualTo(3);
            assertThat(into.array()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void sendingToAPathWithNothingThereNamesSendtoThePathAndEnoent() {
        Path missing = dir.resolve("ptp4l");
        try (UnixDatagramSocket client = UnixDatagramSocket.bind(dir.resolve("client"))) {
            assertThatThrownBy(() -> client.sendTo(missing, ByteBuffer.allocate(4)))
                    .isInstanceOf(LinuxException.class)
                    .hasMessage("sendto " + missing + ": No such file or directory (errno 2)")
                    .satisfies(e -> assertThat(((LinuxException) e).errno()).isEqualTo(2));
        }
    }

    @Test
    void sendingToAFileNoSocketHoldsIsRefused() throws IOException {
        Path stale = dir.resolve("stale");
        try (ServerSocketChannel stream = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            stream.bind(UnixDomainSocketAddress.of(stale));
        }
        assertThat(stale).exists(); // the socket file outlives its socket
        try (UnixDatagramSocket client = UnixDatagramSocket.bind(dir.resolve("client"))) {
            assertThatThrownBy(() -> client.sendTo(stale, ByteBuffer.allocate(4)))
                    .isInstanceOf(LinuxException.class)
                    .hasMessage("sendto " + stale + ": Connection refused (errno 111)");
        }
    }

    @Test
    void closeRemovesTheSocketFileAndIsIdempotent() {
        Path path = dir.resolve("client");
        UnixDatagramSocket socket = UnixDatagramSocket.bind(path);
        assertThat(path).exists();
        socket.close();
        socket.close();
        assertThat(path).doesNotExist();
        assertThat(socket.receive(ByteBuffer.allocate(4), 10)).isEqualTo(-1);
        assertThatThrownBy(() -> socket.sendTo(path, ByteBuffer.allocate(4)))
                .isInstanceOf(LinuxException.class).hasMessageContaining("errno 9");
    }

    @Test
    void bindReplacesAStaleSocketFileButNoOtherFile() throws IOException {
        Path stale = dir.resolve("stale");
        try (ServerSocketChannel stream = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            stream.bind(UnixDomainSocketAddress.of(stale));
        }
        UnixDatagramSocket.bind(stale).close();

        Path regular = Files.writeString(dir.resolve("notes.txt"), "keep me");
        assertThatThrownBy(() -> UnixDatagramSocket.bind(regular))
                .isInstanceOf(LinuxException.class)
                .hasMessage("bind " + regular + ": Address already in use (errno 98)");
        assertThat(regular).hasContent("keep me");
    }

    @Test
    void closeFromAnotherThreadWakesABlockedReceive() throws Exception {
        UnixDatagramSocket socket = UnixDatagramSocket.bind(dir.resolve("blocked"));
        CompletableFuture<Integer> received = CompletableFuture.supplyAsync(
                () -> socket.receive(ByteBuffer.allocate(4), 30_000));
        Thread.sleep(200);
        socket.close();
        assertThat(received.get(5, TimeUnit.SECONDS)).isEqualTo(-1);
    }

    @Test
    void aPathTooLongForSunPathIsRefusedBeforeAnyCall() {
        Path tooLong = dir.resolve("x".repeat(UnixDatagramSocket.SUN_PATH_BYTES));
        assertThatThrownBy(() -> UnixDatagramSocket.bind(tooLong))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to 107 bytes");
        assertThat(tooLong).doesNotExist();
    }
}
