package org.tsnlat.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.tsnlat.wire.ProbeKey;

/**
 * The frame codec and the MACs of docs/agent.md against golden frames made by Python's hmac and
 * json (src/test/resources/org/tsnlat/agent/*.hex): the key 00 01 .. 1f, the nonce 00 01 .. 0f,
 * the time 1764763200000, the agent 192.0.2.10:7790. A change of the format, the domain strings or the key derivation fails here.
 */
class AgentProtocolTest {
    static final ProbeKey KEY = ProbeKey.of(HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"));
    static final String NONCE = "000102030405060708090a0b0c0d0e0f";

    private static byte[] golden(String name) throws Exception {
        try (var in = AgentProtocolTest.class.getResourceAsStream(name)) {
            return HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
        }
    }

    @Test
    void theControlKeyIsDerivedAndDiffersFromTheProbeKey() {
        assertThat(HexFormat.of().formatHex(AgentProtocol.controlKey(KEY)))
                .isEqualTo("e2e28a9ac29ec35d756479a68cdb89205c918afaa1790b69c6d9843a5802c090");
    }

    @Test
    void aHelloRequestIsExactlyTheGoldenFrame() throws Exception {
        var body = AgentProtocol.request(NONCE, 1764763200000L, "192.0.2.10:7790", "hello");
        assertThat(AgentProtocol.signedRequest(AgentProtocol.controlKey(KEY), body)).isEqualTo(golden("hello-request-v2.hex"));
    }

    @Test
    void theGoldenAnswerIsBoundToTheRequestsNonce() throws Exception {
        byte[] frame = golden("ok-answer-v2.hex");
        AgentProtocol.Frame f = AgentProtocol.read(new ByteArrayInputStream(frame), 1024);
        assertThat(new String(f.body(), StandardCharsets.UTF_8)).isEqualTo("{\"v\":2,\"ok\":true}");
        byte[] key = AgentProtocol.controlKey(KEY);
        assertThat(AgentProtocol.sameTag(AgentProtocol.answerTag(key, HexFormat.of().parseHex(NONCE), f.body()), f.tag())).isTrue();
        byte[] otherNonce = HexFormat.of().parseHex(NONCE);
        otherNonce[15] ^= 1;
        assertThat(AgentProtocol.sameTag(AgentProtocol.answerTag(key, otherNonce, f.body()), f.tag())).isFalse();
    }

    @Test
    void theToOfARequestIsTheAgentsAddressAsALiteralWithoutScope() throws Exception {
        assertThat(AgentProtocol.to(new java.net.InetSocketAddress("192.0.2.10", 7790))).isEqualTo("192.0.2.10:7790");
        assertThat(AgentProtocol.to(new java.net.InetSocketAddress("2001:db8:0:0::1", 7790))).isEqualTo("[2001:db8:0:0:0:0:0:1]:7790");
        var scoped = java.net.Inet6Address.getByAddress(null, java.net.InetAddress.getByName("fe80::1").getAddress(), 2);
        assertThat(AgentProtocol.to(new java.net.InetSocketAddress(scoped, 7790))).isEqualTo("[fe80:0:0:0:0:0:0:1]:7790");
    }

    @Test
    void everyChangedBitOfTheGoldenRequestFailsItsMac() throws Exception {
        byte[] frame = golden("hello-request-v2.hex");
        byte[] key = AgentProtocol.controlKey(KEY);
        for (int bit = 32; bit < frame.length * 8; bit++) {
            byte[] f = frame.clone();
            f[bit / 8] ^= (byte) (1 << (bit % 8));
            AgentProtocol.Frame read = AgentProtocol.read(new ByteArrayInputStream(f), 1024);
            assertThat(AgentProtocol.sameTag(AgentProtocol.requestTag(key, read.body()), read.tag())).as("bit %d", bit).isFalse();
        }
    }

    @Test
    void aFrameRoundTripsAndBadOnesAreNamed() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AgentProtocol.write(out, "{}".getBytes(StandardCharsets.US_ASCII), new byte[32]);
        assertThat(AgentProtocol.read(new ByteArrayInputStream(out.toByteArray()), 2).body()).containsExactly('{', '}');
        assertThatThrownBy(() -> AgentProtocol.read(new ByteArrayInputStream(out.toByteArray()), 1))
                .isInstanceOfSatisfying(AgentProtocol.FrameException.class, e -> assertThat(e.reason()).isEqualTo("oversized"));
        byte[] cut = java.util.Arrays.copyOf(out.toByteArray(), out.size() - 1);
        assertThatThrownBy(() -> AgentProtocol.read(new ByteArrayInputStream(cut), 2))
                .isInstanceOfSatisfying(AgentProtocol.FrameException.class, e -> assertThat(e.reason()).isEqualTo("truncated"));
        assertThatThrownBy(() -> AgentProtocol.read(new ByteArrayInputStream(new byte[] {-1, -1, -1, -1}), 65536))
                .isInstanceOfSatisfying(AgentProtocol.FrameException.class, e -> assertThat(e.reason()).isEqualTo("oversized"));
        assertThatThrownBy(() -> AgentProtocol.read(new ByteArrayInputStream(new byte[] {0, 0, 0, 0}), 65536))
                .isInstanceOfSatisfying(AgentProtocol.FrameException.class, e -> assertThat(e.reason()).isEqualTo("malformed"));
    }

    @Test
    void addressBlocksMatchByPrefix() {
        Cidr c = Cidr.parse("127.0.0.0/30");
        assertThat(c.contains(java.net.InetAddress.getLoopbackAddress())).isTrue();
        assertThat(Cidr.parse("127.0.0.2").contains(java.net.InetAddress.getLoopbackAddress())).isFalse();
        assertThat(Cidr.parse("::1/128").contains(java.net.InetAddress.getLoopbackAddress())).isFalse();
        assertThatThrownBy(() -> Cidr.parse("example.com/24")).hasMessageContaining("not an address block");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("0-32");
    }
}
