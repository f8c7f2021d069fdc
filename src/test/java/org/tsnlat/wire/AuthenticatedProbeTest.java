package org.tsnlat.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.wire.ProbeDecoder.Verdict;

/**
 * Authenticated mode on the wire: the tag is HMAC-SHA-256 (checked against the JDK's Mac and RFC
 * 4231), the golden sample made by another implementation (Python's hmac) is reproduced and
 * checked, any change of any bit is caught, and signing and checking allocate nothing.
 */
class AuthenticatedProbeTest {
    private static final byte[] GOLDEN_KEY = new byte[32];

    static {
        for (int i = 0; i < 32; i++) GOLDEN_KEY[i] = (byte) i;
    }

    @TempDir Path dir;

    @Test
    void rfc4231TestCase1() {
        byte[] key = new byte[20];
        java.util.Arrays.fill(key, (byte) 0x0b);
        assertThat(HexFormat.of().formatHex(new Hmac(key).full("Hi There".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    }

    @Property(tries = 300)
    void theTagIsTheJdksHmacSha256(@ForAll @Size(min = 16, max = 64) byte[] key, @ForAll @Size(max = 3000) byte[] data)
            throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        assertThat(new Hmac(key).full(data)).isEqualTo(mac.doFinal(data));
    }

    @Test
    void sealingTheGoldenProbeGivesTheGoldenAuthenticatedBytesAndTheyCheck() {
        byte[] plain = GoldenProbeTest.readHex("/golden/probe-v1.hex");
        byte[] sealed = GoldenProbeTest.readHex("/golden/probe-v1-auth.hex");
        ByteBuffer buf = ByteBuffer.wrap(plain.clone());
        ProbeKey.of(GOLDEN_KEY).hmac().sealProbe(buf, plain.length);
        assertThat(buf.array()).isEqualTo(sealed);

        assertThat(ProbeKey.of(GOLDEN_KEY).hmac().checkProbe(ByteBuffer.wrap(sealed), sealed.length)).isTrue();
        Probe p = new Probe();
        assertThat(new ProbeDecoder(0).decode(ByteBuffer.wrap(sealed), sealed.length, p)).isEqualTo(Verdict.PROBE);
        assertThat(p.seq).isEqualTo(42);
        assertThat(p.flags & ProbeHeader.FLAG_AUTH).isNotZero();
        byte[] otherKey = GOLDEN_KEY.clone();
        otherKey[31] ^= 1;
        assertThat(ProbeKey.of(otherKey).hmac().checkProbe(ByteBuffer.wrap(sealed), sealed.length)).isFalse();
        // the plain probe is no authenticated one
        assertThat(ProbeKey.of(GOLDEN_KEY).hmac().checkProbe(ByteBuffer.wrap(plain), plain.length)).isFalse();
    }

    @Property(tries = 500)
    void anyBitChangedAnywhereIsCaught(@ForAll @IntRange(min = 80, max = 300) int size, @ForAll @IntRange(min = 0, max = 2399) int bit) {
        Probe p = new Probe();
        p.sessionId = 0x77;
        p.seq = 9;
        p.scheduledNs = 1_000;
        p.appTxNs = 2_000;
        ByteBuffer buf = ByteBuffer.allocate(size);
        int n = ProbeEncoder.encode(buf, p, size);
        Hmac h = ProbeKey.of(GOLDEN_KEY).hmac();
        h.sealProbe(buf, n);
        assertThat(h.checkProbe(buf, n)).isTrue();
        int at = (bit / 8) % n;
        buf.put(at, (byte) (buf.get(at) ^ (1 << (bit % 8))));
        assertThat(h.checkProbe(buf, n)).as("bit %d of byte %d flipped", bit % 8, at).isFalse();
    }

    @Test
    void aSyncDatagramIsSealedAndChecked() {
        ByteBuffer buf = ByteBuffer.allocate(2048);
        int n = SyncDatagram.encode(buf, 0x77, "{\"kind\":\"twoway\",\"timeNs\":5,\"samples\":1,\"offsetNs\":0,\"delayNs\":9}");
        Hmac h = ProbeKey.of(GOLDEN_KEY).hmac();
        int sealed = h.sealSync(buf, n);
        assertThat(sealed).isEqualTo(n + Hmac.TAG_BYTES);
        assertThat(h.checkSync(buf, sealed)).isTrue();
        assertThat(SyncDatagram.decode(buf, sealed, 0x77)).contains("\"delayNs\":9");
        assertThat(h.checkSync(buf, n)).as("the datagram without its tag").isFalse();
        buf.put(30, (byte) (buf.get(30) ^ 4));
        assertThat(h.checkSync(buf, sealed)).isFalse();
    }

    @Test
    void aSyncDatagramPaddedInAShortFrameIsItsOwnLengthAgain() {
        // over layer 2 a datagram shorter than Ethernet's minimum payload arrives zero-padded
        ByteBuffer buf = ByteBuffer.allocate(2048);
        int n = SyncDatagram.encode(buf, 0x77, "{}");
        int padded = 46;
        assertThat(SyncDatagram.ownLength(buf, padded)).isEqualTo(n);
        Hmac h = ProbeKey.of(GOLDEN_KEY).hmac();
        int sealed = h.sealSync(buf, n);
        assertThat(sealed).isLessThan(padded);
        assertThat(h.checkSync(buf, padded)).as("the padding taken for the tag").isFalse();
        assertThat(SyncDatagram.ownLength(buf, padded)).isEqualTo(sealed);
        assertThat(h.checkSync(buf, SyncDatagram.ownLength(buf, padded))).isTrue();
        assertThat(SyncDatagram.ownLength(buf, sealed - 1)).as("never more than arrived").isEqualTo(sealed - 1);
        buf.putInt(0, 0);
        assertThat(SyncDatagram.ownLength(buf, padded)).as("no sync datagram: unchanged").isEqualTo(padded);
    }

    @Test
    void aProbeTooShortForItsTagIsRefusedAndTheEncoderLeavesTheFlagToTheSeal() {
        ByteBuffer buf = ByteBuffer.allocate(64);
        Probe p = new Probe();
        p.sessionId = 1;
        int n = ProbeEncoder.encode(buf, p, 64);
        assertThatThrownBy(() -> ProbeKey.of(GOLDEN_KEY).hmac().sealProbe(buf, n))
                .hasMessageContaining("at least 80 bytes");
        p.flags = ProbeHeader.FLAG_AUTH;
        assertThatThrownBy(() -> ProbeEncoder.encode(buf, p, 64)).hasMessageContaining("Hmac.sealProbe");
    }

    @Test
    void anAuthFlagWithAHeaderLengthOf64IsMalformed() {
        byte[] sealed = GoldenProbeTest.readHex("/golden/probe-v1-auth.hex");
        sealed[7] = 64;
        assertThat(new ProbeDecoder(0).decode(ByteBuffer.wrap(sealed), sealed.length, new Probe())).isEqualTo(Verdict.MALFORMED);
    }

    @Test
    void sealingAndCheckingAllocateNothingOnceWarm() {
        Hmac h = ProbeKey.of(GOLDEN_KEY).hmac();
        ByteBuffer buf = ByteBuffer.allocateDirect(1500); // as the sockets' buffers
        Probe p = new Probe();
        p.sessionId = 0x77;
        boolean[] ok = {true};
        long allocated = org.tsnlat.linux.HotPathAllocationTest.allocatedBytesOnceWarm(() -> {
            for (int round = 0; round < 10_000; round++) {
                p.seq = round;
                int n = ProbeEncoder.encode(buf, p, 80);
                h.sealProbe(buf, n);
                ok[0] &= h.checkProbe(buf, n);
            }
        });
        assertThat(ok[0]).isTrue();
        // anything per call would be at least 10 000 x 16 bytes; a deoptimisation landing mid-round shows a few hundred
        assertThat(allocated).as("bytes allocated by 10 000 seals and checks, once the JIT has compiled them")
                .isLessThanOrEqualTo(org.tsnlat.linux.HotPathAllocationTest.NOISE_BYTES);
    }

    @Test
    void aKeyFileOthersMayReadIsRefusedWithItsReason() throws Exception {
        Path key = dir.resolve("k");
        Files.writeString(key, HexFormat.of().formatHex(GOLDEN_KEY) + "\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> ProbeKey.read(key)).isInstanceOf(ProbeKey.KeyFileException.class)
                .hasMessageContaining(key + ": others may read or change it (rw-r--r--)").hasMessageContaining("chmod 600");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        ByteBuffer a = ByteBuffer.wrap(GoldenProbeTest.readHex("/golden/probe-v1.hex"));
        ProbeKey.read(key).hmac().sealProbe(a, 80);
        assertThat(a.array()).isEqualTo(GoldenProbeTest.readHex("/golden/probe-v1-auth.hex"));
    }

    @Test
    void keyFilesThatAreNoKeysAreRefusedByName() throws Exception {
        Path shortKey = dir.resolve("short");
        Files.writeString(shortKey, "0011223344");
        Files.setPosixFilePermissions(shortKey, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> ProbeKey.read(shortKey)).hasMessageContaining(shortKey + ": a key of 5 bytes");
        Path notHex = dir.resolve("text");
        Files.writeString(notHex, "correct horse battery staple");
        Files.setPosixFilePermissions(notHex, PosixFilePermissions.fromString("r--------"));
        assertThatThrownBy(() -> ProbeKey.read(notHex)).hasMessageContaining(notHex + ": not hexadecimal digits");
        assertThatThrownBy(() -> ProbeKey.read(dir.resolve("none"))).hasMessageContaining("none: no such file");
        assertThatThrownBy(() -> ProbeKey.read(dir)).hasMessageContaining(": not a regular file");
        Path link = dir.resolve("link");
        Files.createSymbolicLink(link, shortKey);
        assertThatThrownBy(() -> ProbeKey.read(link)).hasMessageContaining(": not a regular file");
        assertThat(new ProbeKey.KeyFileException("x").exit().code()).isEqualTo(2);
    }
}
