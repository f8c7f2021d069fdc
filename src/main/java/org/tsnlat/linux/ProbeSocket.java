package org.tsnlat.linux;

import java.nio.ByteBuffer;

/**
 * What the measuring loops need of a socket that carries probes, whatever the transport: a UDP
 * socket ({@link UdpSocket}) or a packet socket sending Ethernet frames ({@link PacketSocket}).
 * The payload buffers start where the probe starts (after any link-layer header), so the
 * loops write and read the same bytes on either.
 *
 * <p>Threads, closing and the hot-path rules are {@link UdpSocket}'s: one sending thread, one
 * receiving thread, {@link #close()} from any thread; the methods marked HOT allocate nothing.
 */
public interface ProbeSocket extends AutoCloseable {
    /** Direct, big-endian: write the probe at position 0, then {@link #trySend}. */
    ByteBuffer txBuffer();

    /** Sends txBuffer[0, length) to the peer; bytes of payload sent, or minus the errno. HOT. */
    int trySend(int length);

    /** Sends txBuffer[0, length) back to where {@code destination} came from; payload bytes, or minus the errno. HOT. */
    int trySendTo(int length, RxInfo destination);

    /** Direct, big-endian: {@link #receive} puts each probe's bytes at position 0. */
    ByteBuffer rxBuffer();

    /** Receives one datagram or frame's payload into {@link #rxBuffer()}; its length, or -1 (timeout, signal, closed). HOT. */
    int receive(RxInfo info);

    /** SO_RCVTIMEO: {@link #receive} returns -1 after this long; 0 blocks forever. */
    void setReceiveTimeoutMs(int timeoutMs);

    /** Receives that returned -1 for a timeout or a signal. */
    long emptyReceives();

    /** The next TX timestamp from the error queue; false when none is waiting. HOT. */
    boolean pollTxTimestamp(TxTimestamp out);

    /** The launch time of the following sends (SO_TXTIME's clock). HOT. */
    void setTxTime(long launchNs);

    /** Launch-time drops read from the error queue: missed. */
    long txtimeMissed();

    /** Launch-time drops read from the error queue: invalid. */
    long txtimeInvalid();

    /** The descriptor number, for diagnostics. */
    int fd();

    @Override
    void close();
}
