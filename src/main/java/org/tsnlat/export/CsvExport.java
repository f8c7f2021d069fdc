package org.tsnlat.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import org.tsnlat.record.PacketRecord;
import org.tsnlat.record.Timestamps;
import org.tsnlat.report.RxAnalysis;

/**
 * The receiver's records as CSV, one row per packet in arrival order, duplicates included:
 * every timestamp (ns, on the run's clock; empty when absent) and what the report derived from
 * it. The columns are documented in docs/exports.md.
 */
public final class CsvExport implements RxAnalysis.Observer {
    public static final String HEADER = "seq,scheduled_ns,app_tx_ns,fu_sched_tx_ns,fu_sw_tx_ns,fu_hw_tx_ns,hw_rx_ns,"
            + "sw_rx_ns,app_rx_ns,payload_bytes,duplicate,reordered,warmup,rx_source,latency_ns,delta_ns,rx_stack_ns,"
            + "interval,trust";

    private final Writer out;
    private final StringBuilder line = new StringBuilder(256);

    public CsvExport(Writer out) {
        this.out = out;
        write(HEADER + "\n");
    }

    @Override
    public void probe(RxAnalysis.Derived d) {
        PacketRecord r = d.record;
        line.setLength(0);
        line.append(Long.toUnsignedString(r.seq));
        ts(r.scheduledNs);
        ts(r.appTxNs);
        ts(r.fuSchedTxNs);
        ts(r.fuSwTxNs);
        ts(r.fuHwTxNs);
        ts(r.hwRxNs);
        ts(r.swRxNs);
        ts(r.appRxNs);
        line.append(',').append(r.payloadBytes);
        line.append(',').append(d.duplicate ? 1 : 0);
        line.append(',').append((r.flags & PacketRecord.FLAG_REORDERED) != 0 ? 1 : 0);
        line.append(',').append(d.warmup ? 1 : 0);
        line.append(',').append(d.source == null ? "" : d.source.name().toLowerCase(java.util.Locale.ROOT));
        ts(d.latencyNs);
        ts(d.deltaNs);
        ts(d.rxStackNs);
        line.append(',');
        if (d.interval >= 0) line.append(d.interval);
        line.append(',').append(d.trust == null ? "" : d.trust.name().toLowerCase(java.util.Locale.ROOT));
        line.append('\n');
        write(line);
    }

    private void ts(long v) {
        line.append(',');
        if (Timestamps.present(v)) line.append(v);
    }

    private void write(CharSequence s) {
        try {
            out.append(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
