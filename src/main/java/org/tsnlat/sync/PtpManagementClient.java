package org.tsnlat.sync;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.tsnlat.linux.Clock;
import org.tsnlat.linux.ClockId;
import org.tsnlat.linux.LinuxException;
import org.tsnlat.linux.UnixDatagramSocket;

/**
 * Asks one ptp4l for its data sets over its Unix management socket, as {@code pmc -u} does,
 * and only ever with GET: it changes nothing in ptp4l and no clock.
 *
 * <p>Each request carries a fresh sequenceId; the answer is the first RESPONSE (or
 * MANAGEMENT_ERROR_STATUS) with that sequenceId and managementId, and anything else that
 * arrives meanwhile (a late answer to an earlier request, a malformed datagram) is discarded.
 * ptp4l silently ignores requests for another domainNumber or transportSpecific, so those end
 * in the timeout, whose message says so. On a ptp4l with several ports a per-port data set
 * (PORT_DATA_SET) comes from whichever port answers first.
 *
 * <p>Not thread-safe: one thread asks at a time. The client binds its own socket at
 * {@code /run/tsnlat/pmc.<pid>.<n>} (or under {@code java.io.tmpdir} when /run is not
 * writable); {@link #close()} removes it.
 */
public final class PtpManagementClient implements AutoCloseable {
    /** The usual ptp4l socket (uds_address). */
    public static final Path DEFAULT_SOCKET = Path.of("/var/run/ptp4l");
    private static final Path RUN_DIRECTORY = Path.of("/run/tsnlat");
    private static final AtomicInteger CLIENTS = new AtomicInteger();
    private static final int ENOENT = 2;
    private static final int EPERM = 1;
    private static final int EACCES = 13;
    private static final int ECONNREFUSED = 111;
    private static final int RECEIVE_BYTES = 2048;

    private final Path ptp4lSocket;
    private final int domainNumber;
    private final int transportSpecific;
    private final long timeoutNs;
    private final UnixDatagramSocket socket;
    private final PortIdentity sourcePortIdentity;
    private final ByteBuffer received = ByteBuffer.allocate(RECEIVE_BYTES);
    private final Clock monotonic = Clock.open(ClockId.MONOTONIC);
    private final Clock tai = Clock.open(ClockId.TAI);
    private int sequenceId = -1;
    private long discardedCount;

    private PtpManagementClient(Path ptp4lSocket, int domainNumber, int transportSpecific,
            long timeoutNs, UnixDatagramSocket socket) {
        this.ptp4lSocket = ptp4lSocket;
        this.domainNumber = domainNumber;
        this.transportSpecific = transportSpecific;
        this.timeoutNs = timeoutNs;
        this.socket = socket;
        this.sourcePortIdentity = new PortIdentity(0, (int) (ProcessHandle.current().pid() & 0xFFFF));
    }

    /**
     * A client for the ptp4l listening at {@code ptp4lSocket} (its uds_address), configured
     * with {@code domainNumber} (0-255) and {@code transportSpecific} (0-15; 1 for gPTP /
     * 802.1AS configurations). Nothing is sent yet, so a ptp4l that is not running shows at the
     * first request.
     *
     * @param timeout how long each request waits for its answer
     */
    public static PtpManagementClient open(Path ptp4lSocket, int domainNumber,
            int transportSpecific, Duration timeout) {
        if (domainNumber < 0 || domainNumber > 255) {
            throw new IllegalArgumentException("domainNumber must be 0-255, not " + domainNumber);
        }
        if (transportSpecific < 0 || transportSpecific > 15) {
            throw new IllegalArgumentException("transportSpecific must be 0-15, not " + transportSpecific);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be greater than 0, not " + timeout);
        }
        UnixDatagramSocket socket = UnixDatagramSocket.bind(newClientPath());
        return new PtpManagementClient(ptp4lSocket, domainNumber, transportSpecific,
                timeout.toNanos(), socket);
    }

    public Path ptp4lSocket() {
        return ptp4lSocket;
    }

    public int domainNumber() {
        return domainNumber;
    }

    public int transportSpecific() {
        return transportSpecific;
    }

    /** Where this client's own socket is bound (ptp4l answers to it). */
    public Path clientPath() {
        return socket.clientPath();
    }

    /** Datagrams received and thrown away so far: late, unrelated or malformed. */
    public long discardedCount() {
        return discardedCount;
    }

    /** GET TIME_STATUS_NP: master offset, gmPresent, gmIdentity. */
    public TimeStatusNp timeStatus() {
        return TimeStatusNp.decode(get(ManagementId.TIME_STATUS_NP.value()).dataField());
    }

    /** GET PORT_DATA_SET: the port state (SLAVE, UNCALIBRATED, MASTER, ...). */
    public PortDataSet portDataSet() {
        return PortDataSet.decode(get(ManagementId.PORT_DATA_SET.value()).dataField());
    }

    /** GET PARENT_DATA_SET: the parent port and the grandmaster. */
    public ParentDataSet parentDataSet() {
        return ParentDataSet.decode(get(ManagementId.PARENT_DATA_SET.value()).dataField());
    }

    /** GET CURRENT_DATA_SET: steps removed, offset from master, mean path delay. */
    public CurrentDataSet currentDataSet() {
        return CurrentDataSet.decode(get(ManagementId.CURRENT_DATA_SET.value()).dataField());
    }

    /** GET TIME_PROPERTIES_DATA_SET: UTC offset, leap and traceability flags, time source. */
    public TimePropertiesDataSet timePropertiesDataSet() {
        return TimePropertiesDataSet.decode(
                get(ManagementId.TIME_PROPERTIES_DATA_SET.value()).dataField());
    }

    /** The five GETs in one go, stamped with CLOCK_MONOTONIC and CLOCK_TAI. */
    public PtpHealth health() {
        long startNs = monotonic.nowNs();
        long taiNs = tai.nowNs();
        PortDataSet port = portDataSet();
        TimeStatusNp status = timeStatus();
        ParentDataSet parent = parentDataSet();
        CurrentDataSet current = currentDataSet();
        TimePropertiesDataSet properties = timePropertiesDataSet();
        return new PtpHealth(startNs, taiNs, monotonic.nowNs() - startNs, port, status, parent,
                current, properties);
    }

    /**
     * Sends a GET for {@code managementId} with no data and returns ptp4l's RESPONSE.
     *
     * @throws PtpException on no socket, no answer in time, or a MANAGEMENT_ERROR_STATUS
     */
    ManagementMessage get(int managementId) {
        sequenceId = (sequenceId + 1) & 0xFFFF;
        ManagementMessage request = PtpManagementCodec.getRequest(transportSpecific, domainNumber,
                sourcePortIdentity, sequenceId, managementId);
        send(PtpManagementCodec.encode(request), managementId);
        long deadlineNs = System.nanoTime() + timeoutNs;
        long discardedBefore = discardedCount;
        while (true) {
            long leftNs = deadlineNs - System.nanoTime();
            if (leftNs <= 0) {
                throw noAnswer(discardedCount - discardedBefore);
            }
            received.clear();
            if (socket.receive(received, (int) Math.min(Integer.MAX_VALUE, (leftNs + 999_999) / 1_000_000)) < 0) {
                continue;
            }
            ManagementMessage answer = answerOrNull(received.flip(), managementId);
            if (answer == null) {
                discardedCount++;
            } else if (answer.isErrorStatus()) {
                throw new PtpException("ptp4l answered MANAGEMENT_ERROR_STATUS "
                        + ManagementErrorId.name(answer.managementErrorId()) + " for "
                        + ManagementId.name(managementId)
                        + (answer.displayData().isEmpty() ? "" : " (" + answer.displayData() + ")"));
            } else {
                return answer;
            }
        }
    }

    /** Closes the socket and removes its file. */
    @Override
    public void close() {
        socket.close();
    }

    private ManagementMessage answerOrNull(ByteBuffer datagram, int managementId) {
        ManagementMessage m;
        try {
            m = PtpManagementCodec.decode(datagram);
        } catch (PtpException malformed) {
            return null;
        }
        boolean answersUs = m.sequenceId() == sequenceId && m.managementId() == managementId
                && (m.actionField() == ActionField.RESPONSE || m.isErrorStatus());
        return answersUs ? m : null;
    }

    private void send(ByteBuffer request, int managementId) {
        try {
            socket.sendTo(ptp4lSocket, request);
        } catch (LinuxException e) {
            String where = ptp4lSocket.toString();
            throw new PtpException(switch (e.errno()) {
                case ENOENT -> "no ptp4l socket at " + where + " (ptp4l not running?)";
                case ECONNREFUSED -> "ptp4l socket at " + where
                        + " refuses messages (ptp4l not running, or not a socket?)";
                case EACCES, EPERM -> "no permission to send to ptp4l at " + where
                        + " (run as root or as ptp4l's user)";
                default -> "cannot send GET " + ManagementId.name(managementId) + " to ptp4l: "
                        + e.getMessage();
            }, e);
        }
    }

    private PtpException noAnswer(long discarded) {
        return new PtpException("no answer from ptp4l at " + ptp4lSocket + " within "
                + timeoutNs / 1_000_000 + " ms (is ptp4l running with domainNumber " + domainNumber
                + " and transportSpecific " + transportSpecific + "?)"
                + (discarded == 0 ? "" : "; " + discarded + " other messages discarded"));
    }

    private static Path newClientPath() {
        String name = "pmc." + ProcessHandle.current().pid() + "." + CLIENTS.incrementAndGet();
        try {
            Files.createDirectories(RUN_DIRECTORY);
            if (Files.isWritable(RUN_DIRECTORY)) {
                return RUN_DIRECTORY.resolve(name);
            }
        } catch (IOException | SecurityException notRoot) {
            // fall through to the temporary directory
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "tsnlat-" + name);
    }
}
