/**
 * The process exit codes and the exception types that carry them. The lowest package: every other
 * one may throw a failure that says which exit code it means ({@link org.tsnlat.exit.ExitStatus}),
 * so the command line never guesses from an exception's class where it came from. An exception
 * that carries no exit code is an internal fault: exit 1.
 */
package org.tsnlat.exit;
