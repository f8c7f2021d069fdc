package org.tsnlat.rundir;

/** A run directory or one of its files cannot be used; the message is one line for the user. */
public final class RunDirectoryException extends Exception {
    public RunDirectoryException(String message) {
        super(message);
    }
}
