/**
 * A run's figures in the formats other tools read: CSV (one row per packet, every timestamp and
 * derived metric), HdrHistogram interval logs (HistogramLogAnalyzer and HdrHistogram's own
 * readers) and cyclictest's histogram layout (for existing gnuplot scripts).
 */
package org.tsnlat.export;
