package org.tsnlat.agent;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.tsnlat.wire.ProbeKey;

/**
 * The agent's control protocol, version 2 (docs/agent.md): one length-prefixed frame each way
 * per TCP connection. A frame is a 4-byte big-endian body length L, L bytes of JSON (UTF-8),
 * then a 32-byte HMAC-SHA-256 tag. A request's tag is over {@link #REQUEST_DOMAIN} and the body;
 * an answer's over {@link #ANSWER_DOMAIN}, the request's 16 nonce bytes and the body. The key is
 * the control key, {@link #controlKey(ProbeKey)}, never the probe key itself.
 */
public final class AgentProtocol {
    private AgentProtocol() {}

    /** The protocol version, {@code v} of every request and answer. */
    public static final int VERSION = 2;
    /** What the control key is derived with from the key file's key: HMAC-SHA-256(key, this). */
    public static final String KEY_LABEL = "tsnlat agent v1 control key";
    public static final String REQUEST_DOMAIN = "tsnlat-agent-v1 request";
    public static final String ANSWER_DOMAIN = "tsnlat-agent-v1 answer";
    public static final int TAG_BYTES = 32;
    public static final int NONCE_BYTES = 16;
    /** The answer to a request refused before its MAC was checked, or whose MAC was wrong: unsigned (an all-zero tag). */
    public static final String UNSIGNED_REFUSAL = "{\"v\":" + VERSION + ",\"ok\":false,\"error\":\"refused\"}";
    /** The file bytes one fetch answer carries at most (fewer when they end first). */
    public static final int FETCH_CHUNK_BYTES = 1 << 20;
    /** The largest answer body a client reads: a fetch chunk in base64 and its JSON, with room to spare. */
    public static final int MAX_ANSWER_BYTES = 4 << 20;
    /** The answer to a request refused for the rate of its source address, unsigned: the client may retry later. */
    public static final String UNSIGNED_RATE_LIMITED = "{\"v\":" + VERSION + ",\"ok\":false,\"error\":\"rate-limited\"}";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonParser.Feature.ALLOW_COMMENTS)
            .build();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Jackson as the protocol uses it: duplicate keys and trailing tokens refused. */
    public static ObjectMapper json() {
        return JSON;
    }

    /** The control key: HMAC-SHA-256(key, {@link #KEY_LABEL}). */
    public static byte[] controlKey(ProbeKey key) {
        return key.derive(KEY_LABEL);
    }

    /** 16 random bytes, hexadecimal (32 lowercase digits). */
    public static String newNonce() {
        byte[] n = new byte[NONCE_BYTES];
        RANDOM.nextBytes(n);
        return HexFormat.of().formatHex(n);
    }

    /** The tag of a request body. */
    public static byte[] requestTag(byte[] controlKey, byte[] body) {
        return mac(controlKey, REQUEST_DOMAIN.getBytes(StandardCharsets.US_ASCII), body);
    }

    /** The tag of an answer body to the request of this nonce (16 bytes). */
    public static byte[] answerTag(byte[] controlKey, byte[] nonce, byte[] body) {
        byte[] prefix = ByteBuffer.allocate(ANSWER_DOMAIN.length() + nonce.length)
                .put(ANSWER_DOMAIN.getBytes(StandardCharsets.US_ASCII)).put(nonce).array();
        return mac(controlKey, prefix, body);
    }

    /** Whether two tags are equal, in time that does not depend on where they differ. */
    public static boolean sameTag(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    private static byte[] mac(byte[] key, byte[] prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(prefix);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 not available", e);
        }
    }

    /**
     * A request body: {"v":2,"nonce":...,"time":...,"to":...,"op":...} and then the op's fields,
     * in this order. {@code to}: the agent's ADDRESS:PORT as the request is sent to it
     * ({@link #to}); an agent refuses a request meant for another (wrong-agent).
     */
    public static ObjectNode request(String nonce, long timeMs, String to, String op) {
        ObjectNode n = JSON.createObjectNode();
        n.put("v", VERSION);
        n.put("nonce", nonce);
        n.put("time", timeMs);
        n.put("to", to);
        n.put("op", op);
        return n;
    }

    /** A request's {@code to}: 192.0.2.10:7790 or [2001:db8::1]:7790, the address as a literal, no scope, no name. */
    public static String to(InetSocketAddress agent) {
        InetAddress a = agent.getAddress();
        if (a == null) throw new IllegalArgumentException("an unresolved address: " + agent);
        String h;
        try {
            h = InetAddress.getByAddress(a.getAddress()).getHostAddress(); // without an IPv6 scope
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        return (h.contains(":") ? "[" + h + "]" : h) + ":" + agent.getPort();
    }

    /** The exact bytes of a JSON body, compact (no spaces), fields in their order. */
    public static byte[] bytes(JsonNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A whole frame: length, body, tag. */
    public static byte[] frame(byte[] body, byte[] tag) {
        return ByteBuffer.allocate(4 + body.length + tag.length).putInt(body.length).put(body).put(tag).array();
    }

    /** A request frame of this body, signed. */
    public static byte[] signedRequest(byte[] controlKey, JsonNode body) {
        byte[] b = bytes(body);
        return frame(b, requestTag(controlKey, b));
    }

    /** One frame as read: its body and tag. */
    public record Frame(byte[] body, byte[] tag) {}

    /** A frame that cannot be read: why, in the words of a refusal's reason (oversized, truncated, empty). */
    public static final class FrameException extends IOException {
        private final String reason;

        FrameException(String reason, String message) {
            super(message);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    /**
     * Reads one frame. A length above {@code maxBody} is refused before any of the body is read;
     * so is a length of 0; an end of stream before the whole frame is a truncated one.
     */
    public static Frame read(InputStream in, int maxBody) throws IOException {
        DataInputStream d = new DataInputStream(in);
        byte[] len = new byte[4];
        readFully(d, len, "no length");
        long length = Integer.toUnsignedLong(ByteBuffer.wrap(len).getInt());
        if (length > maxBody) {
            throw new FrameException("oversized", "a frame of " + length + " bytes (at most " + maxBody + ")");
        }
        if (length == 0) throw new FrameException("malformed", "an empty frame");
        byte[] body = new byte[(int) length];
        readFully(d, body, "a body cut short");
        byte[] tag = new byte[TAG_BYTES];
        readFully(d, tag, "a tag cut short");
        return new Frame(body, tag);
    }

    private static void readFully(DataInputStream d, byte[] into, String what) throws IOException {
        try {
            d.readFully(into);
        } catch (EOFException e) {
            throw new FrameException("truncated", "truncated frame: " + what);
        }
    }

    /** Writes one frame and flushes. */
    public static void write(OutputStream out, byte[] body, byte[] tag) throws IOException {
        out.write(frame(body, tag));
        out.flush();
    }
}
