/**
 * Live metrics for Prometheus ({@code --metrics}): an HTTP endpoint bound to the one address given
 * ({@link org.tsnlat.metrics.MetricsEndpoint}) and the figures of a measurement it serves
 * ({@link org.tsnlat.metrics.LiveMetrics}), fed by the recorder thread, never by the hot loops.
 * The metric names, units and labels are listed in docs/metrics.md; {@link org.tsnlat.metrics.LiveMetrics}
 * is their one owner. The only package that touches the Prometheus client.
 */
package org.tsnlat.metrics;
