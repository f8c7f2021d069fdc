/**
 * The command line: picocli commands that parse, validate and delegate, one class per
 * subcommand, and the mapping of every failure to one line and a documented exit code.
 */
package org.tsnlat.cli;
