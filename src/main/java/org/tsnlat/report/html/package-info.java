/**
 * {@code report.html} and {@code compare.html}: a run's (or several runs') figures as charts in
 * one self-contained page that opens offline. The data of each chart is computed here in one
 * extra pass over the records and embedded as JSON, downsampled to a bounded number of columns
 * (min and max kept per column, so no extreme is lost): a day-long run gives a page of a few
 * megabytes. uPlot's script and style are read from its WebJar on the classpath and inlined.
 * {@link org.tsnlat.report.html.Chromium} renders a page to PNG with headless Chromium.
 * docs/html-report.md describes each chart.
 */
package org.tsnlat.report.html;
