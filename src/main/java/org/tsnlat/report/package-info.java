/**
 * Turning records into figures: the receiver's and sender's analyses, the summary model
 * ({@code report.json}) and its text form ({@code report.txt}). The live run and
 * {@code tsnlat report} share this code so their numbers are identical.
 */
package org.tsnlat.report;
