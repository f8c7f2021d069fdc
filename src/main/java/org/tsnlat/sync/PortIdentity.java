package org.tsnlat.sync;

import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * IEEE 1588 PortIdentity: clockIdentity (8 bytes) and portNumber (u16), 10 bytes on the wire.
 * Printed as pmc prints it: {@code aabbcc.fffe.ddeeff-1}.
 */
public record PortIdentity(long clockIdentity, int portNumber) {
    public static final int BYTES = 10;
    /** All ones: any clock, any port (a management request's usual targetPortIdentity). */
    public static final PortIdentity ANY = new PortIdentity(-1L, 0xFFFF);

    public PortIdentity {
        if (portNumber < 0 || portNumber > 0xFFFF) {
            throw new IllegalArgumentException("portNumber must be 0-65535, not " + portNumber);
        }
    }

    /** Reads 10 bytes at {@code offset} (big-endian); the caller has checked the length. */
    static PortIdentity read(ByteBuffer b, int offset) {
        return new PortIdentity(b.getLong(offset), Short.toUnsignedInt(b.getShort(offset + 8)));
    }

    void write(ByteBuffer b, int offset) {
        b.putLong(offset, clockIdentity);
        b.putShort(offset + 8, (short) portNumber);
    }

    /** A clockIdentity as pmc prints it: {@code aabbcc.fffe.ddeeff}. */
    public static String formatClockIdentity(long clockIdentity) {
        String hex = String.format(Locale.ROOT, "%016x", clockIdentity);
        return hex.substring(0, 6) + "." + hex.substring(6, 10) + "." + hex.substring(10);
    }

    @Override
    public String toString() {
        return formatClockIdentity(clockIdentity) + "-" + portNumber;
    }
}
