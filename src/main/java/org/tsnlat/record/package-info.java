/**
 * The per-packet record file, version 2: one file per side of a run ({@code tx.records} from the
 * sender, {@code rx.records} from the receiver), a fixed header then fixed-size little-endian
 * records, each with its CRC-32C, append-only and readable after a crash up to the last whole
 * record. A damaged record is left out and counted by the reader, never believed.
 *
 * <p>This package exists so that every packet of a run can be kept without the hot loops ever
 * touching the disk: the loop offers a {@link org.tsnlat.record.PacketRecord} to a
 * {@link org.tsnlat.record.RecordPipe} (lock-free, allocation-free, never blocking), and a
 * writer thread ({@code run.Recorder}) drains it into a
 * {@link org.tsnlat.record.RecordFileWriter} at least every 50 ms. {@code report} reads the files
 * back with {@link org.tsnlat.record.RecordFileReader}, which also reads every older version.
 *
 * <p>It also holds {@link org.tsnlat.record.Timestamps}, the convention every package follows:
 * signed nanoseconds, and an absent timestamp is {@code Long.MIN_VALUE}, never 0.
 *
 * <p>The layouts are drawn in {@code RecordHeaderCodec}, {@code TxRecordCodec} and
 * {@code RxRecordCodec}, specified in {@code docs/record-format.md}, and pinned by the golden
 * samples {@code golden/tx-v2.records}, {@code golden/rx-v2.records} and their version-1
 * counterparts {@code golden/tx-v1.records}, {@code golden/rx-v1.records} in the tests.
 */
package org.tsnlat.record;
