package org.tsnlat.wire;

import static org.tsnlat.wire.ProbeHeader.*;

import java.nio.ByteBuffer;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Signs and checks datagrams of authenticated mode with HMAC-SHA-256 (RFC 2104) truncated to
 * {@value #TAG_BYTES} bytes, as STAMP does (RFC 8762): probes (END and reflections included) and
 * sync datagrams; the byte layout is in docs/wire-format.md, "Authenticated mode". One instance
 * per thread; after construction it allocates nothing.
 *
 * <p>HMAC is computed here from the JDK's SHA-256 ({@link MessageDigest}) rather than with
 * {@code javax.crypto.Mac}, whose {@code doFinal} allocates its result on every call, which the
 * hot loops may not. The two agree on every input ({@code HmacProperties} checks it against
 * {@code Mac.getInstance("HmacSHA256")}, and RFC 4231's test vectors).
 */
public final class Hmac {
    /** Bytes of the tag: the first 16 of the 32 of HMAC-SHA-256. */
    public static final int TAG_BYTES = 16;
    private static final int BLOCK_BYTES = 64;
    private static final int DIGEST_BYTES = 32;

    private final MessageDigest sha256;
    private final byte[] innerPad = new byte[BLOCK_BYTES];
    private final byte[] outerPad = new byte[BLOCK_BYTES];
    /** The datagram, copied out of a (direct) buffer so that the digest reads an array. */
    private final byte[] scratch = new byte[MAX_PAYLOAD_BYTES];
    private final byte[] digest = new byte[DIGEST_BYTES];

    Hmac(byte[] key) {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
        byte[] k = key.length > BLOCK_BYTES ? sha256.digest(key) : key;
        for (int i = 0; i < BLOCK_BYTES; i++) {
            byte b = i < k.length ? k[i] : 0;
            innerPad[i] = (byte) (b ^ 0x36);
            outerPad[i] = (byte) (b ^ 0x5c);
        }
    }

    /**
     * Authenticates the probe encoded in {@code buf[0, length)} (by {@link ProbeEncoder}, with its
     * app TX time patched in): sets its AUTH flag and header length {@value ProbeHeader#AUTH_HEADER_BYTES},
     * and writes the tag into bytes 64-79, over every other byte of the datagram. Call just before
     * sending; change nothing after.
     *
     * @throws IllegalArgumentException when the probe is shorter than {@value ProbeHeader#AUTH_HEADER_BYTES} bytes
     */
    public void sealProbe(ByteBuffer buf, int length) {
        if (length < AUTH_HEADER_BYTES) {
            throw new IllegalArgumentException("an authenticated probe has at least " + AUTH_HEADER_BYTES
                    + " bytes, not " + length);
        }
        buf.put(FLAGS_OFFSET, (byte) (buf.get(FLAGS_OFFSET) | FLAG_AUTH));
        putShort(buf, HEADER_LENGTH_OFFSET, AUTH_HEADER_BYTES);
        compute(buf, TAG_OFFSET, AUTH_HEADER_BYTES, length);
        buf.put(TAG_OFFSET, digest, 0, TAG_BYTES);
    }

    /**
     * Whether {@code buf[0, length)} is a probe sealed with this key: its AUTH flag set, header
     * length {@value ProbeHeader#AUTH_HEADER_BYTES}, and its tag right (compared in constant time).
     */
    public boolean checkProbe(ByteBuffer buf, int length) {
        if (length < AUTH_HEADER_BYTES || length > buf.limit() || (buf.get(FLAGS_OFFSET) & FLAG_AUTH) == 0
                || getUnsignedShort(buf, HEADER_LENGTH_OFFSET) != AUTH_HEADER_BYTES) {
            return false;
        }
        compute(buf, TAG_OFFSET, AUTH_HEADER_BYTES, length);
        return tagMatches(buf, TAG_OFFSET);
    }

    /**
     * Authenticates the sync datagram in {@code buf[0, length)} (by {@link SyncDatagram#encode}):
     * sets its AUTH flag and appends the tag over the whole datagram. Returns the new length.
     */
    public int sealSync(ByteBuffer buf, int length) {
        buf.put(SyncDatagram.FLAGS_OFFSET, (byte) (buf.get(SyncDatagram.FLAGS_OFFSET) | SyncDatagram.FLAG_AUTH));
        compute(buf, length, length, length);
        buf.put(length, digest, 0, TAG_BYTES);
        return length + TAG_BYTES;
    }

    /** Whether {@code buf[0, length)} is a sync datagram sealed with this key (its AUTH flag set, its last 16 bytes the tag). */
    public boolean checkSync(ByteBuffer buf, int length) {
        if (length < SyncDatagram.HEADER_BYTES + TAG_BYTES || length > buf.limit()
                || (buf.get(SyncDatagram.FLAGS_OFFSET) & SyncDatagram.FLAG_AUTH) == 0) {
            return false;
        }
        int signed = length - TAG_BYTES;
        compute(buf, signed, signed, signed);
        return tagMatches(buf, signed);
    }

    /** HMAC-SHA-256 of buf[0, skipFrom) ++ buf[skipTo, length) into {@link #digest}. */
    private void compute(ByteBuffer buf, int skipFrom, int skipTo, int length) {
        buf.get(0, scratch, 0, length);
        try {
            sha256.reset();
            sha256.update(innerPad, 0, BLOCK_BYTES);
            sha256.update(scratch, 0, skipFrom);
            sha256.update(scratch, skipTo, length - skipTo);
            sha256.digest(digest, 0, DIGEST_BYTES);
            sha256.update(outerPad, 0, BLOCK_BYTES);
            sha256.update(digest, 0, DIGEST_BYTES);
            sha256.digest(digest, 0, DIGEST_BYTES);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 refused a 32-byte output buffer", e);
        }
    }

    /** The tag in buf at {@code at} against the computed one, every byte looked at whatever differs. */
    private boolean tagMatches(ByteBuffer buf, int at) {
        int diff = 0;
        for (int i = 0; i < TAG_BYTES; i++) {
            diff |= buf.get(at + i) ^ digest[i];
        }
        return diff == 0;
    }

    /** The full 32-byte HMAC-SHA-256 of {@code data} (tests: to compare with javax.crypto.Mac). */
    byte[] full(byte[] data) {
        ByteBuffer b = ByteBuffer.wrap(data);
        compute(b, data.length, data.length, data.length);
        return digest.clone();
    }
}
