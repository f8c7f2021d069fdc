/**
 * The probe wire format, version 1: the UDP payload that the sender sends once per period and
 * the receiver classifies.
 *
 * <p>This package exists so that the bytes on the wire are defined in exactly one place, apart
 * from the sockets that move them ({@code org.tsnlat.linux}) and the loops that time them
 * ({@code org.tsnlat.run}). It only reads and writes {@link java.nio.ByteBuffer}s, allocates
 * nothing per packet and never throws on what the network delivers: {@link
 * org.tsnlat.wire.ProbeDecoder} turns every datagram into a {@link
 * org.tsnlat.wire.ProbeDecoder.Verdict} and counts it.
 *
 * <p>The layout is drawn in {@link org.tsnlat.wire.ProbeHeader} and specified in
 * {@code docs/wire-format.md}; a golden sample ({@code golden/probe-v1.hex}) pins it in the tests.
 */
package org.tsnlat.wire;
