package org.tsnlat.run;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tsnlat.linux.Clock;
import org.tsnlat.linux.RxInfo;
import org.tsnlat.linux.UdpSocket;
import org.tsnlat.record.PacketRecord;
import org.tsnlat.record.RecordPipe;
import org.tsnlat.record.Timestamps;
import org.tsnlat.wire.Probe;
import org.tsnlat.wire.ProbeDecoder;

/**
 * The receiving loop: recvmsg with kernel (and, where the NIC offers them, hardware) RX
 * timestamps, an application timestamp right after, decode, and one record per probe to the
 * recorder. Stops at the sender's end of session (after a short grace for stragglers), a count,
 * a duration or {@link #stop()}. Anything that is not a probe of this session is counted by kind
 * and otherwise ignored. Allocates nothing per datagram.
 */
public final class Receiver implements Runnable {
    private final ReceiverConfig config;
    private final UdpSocket socket;
    private final RecordPipe pipe;
    private final Clock clock;
    private final long swOffsetNs;
    private final ByteBuffer rx;
    private final RxInfo info = new RxInfo();
    private final Probe probe = new Probe();
    private final PacketRecord record = new PacketRecord();
    private final ProbeDecoder decoder;
    private volatile boolean stopRequested;
    private volatile long received;
    private volatile long announcedTotal = -1;
    private long overflows;
    private long endDeadlineNs = Long.MAX_VALUE;

    /**
     * @param swOffsetNs added to kernel software timestamps (CLOCK_REALTIME) to put them on the
     *                   run's clock: the TAI offset for CLOCK_TAI, 0 for CLOCK_REALTIME
     */
    public Receiver(ReceiverConfig config, UdpSocket socket, RecordPipe pipe, long swOffsetNs) {
        this.config = config;
        this.socket = socket;
        this.pipe = pipe;
        this.swOffsetNs = swOffsetNs;
        this.clock = Clock.open(config.clock());
        this.rx = socket.rxBuffer();
        this.decoder = new ProbeDecoder(config.sessionId());
    }

    public void stop() {
        stopRequested = true;
    }

    public long received() {
        return received;
    }

    /** Probes the sender said it sent, from its end-of-session probe; -1 when none arrived. */
    public long announcedTotal() {
        return announcedTotal;
    }

    public long overflows() {
        return overflows;
    }

    public long sessionId() {
        return decoder.sessionId();
    }

    /** Datagrams refused, by kind (as the decoder classed them). */
    public Map<String, Long> rejected() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (ProbeDecoder.Verdict v : ProbeDecoder.Verdict.values()) {
            if (v != ProbeDecoder.Verdict.PROBE && v != ProbeDecoder.Verdict.END) {
                m.put(v.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), decoder.count(v));
            }
        }
        return m;
    }

    @Override
    public void run() {
        long deadline = config.durationNs() == Long.MAX_VALUE ? Long.MAX_VALUE : clock.nowNs() + config.durationNs();
        while (!stopRequested && received < config.count()) {
            int length = socket.receive(info);
            long appRx = clock.nowNs();
            if (length >= 0) {
                onDatagram(length, appRx);
            }
            if (appRx - deadline >= 0 || appRx - endDeadlineNs >= 0) {
                break;
            }
        }
    }

    private void onDatagram(int length, long appRxNs) {
        ProbeDecoder.Verdict v = decoder.decode(rx, length, probe);
        if (v == ProbeDecoder.Verdict.PROBE) {
            onProbe(length, appRxNs);
        } else if (v == ProbeDecoder.Verdict.END) {
            announcedTotal = probe.seq;
            if (endDeadlineNs == Long.MAX_VALUE) {
                endDeadlineNs = appRxNs + ReceiverConfig.END_GRACE_NS;
            }
        }
    }

    private void onProbe(int length, long appRxNs) {
        record.clear();
        record.seq = probe.seq;
        record.scheduledNs = probe.scheduledNs;
        record.appTxNs = probe.appTxNs;
        record.fuSchedTxNs = probe.fuSchedTxNs;
        record.fuSwTxNs = probe.fuSwTxNs;
        record.fuHwTxNs = probe.fuHwTxNs;
        record.hwRxNs = info.hwRxNs;
        record.swRxNs = Timestamps.present(info.swRxNs) ? info.swRxNs + swOffsetNs : Timestamps.ABSENT;
        record.appRxNs = appRxNs;
        record.payloadBytes = length;
        if (!pipe.offer(record)) {
            overflows++;
        }
        received++;
    }
}
