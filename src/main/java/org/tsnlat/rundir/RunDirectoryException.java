package org.tsnlat.rundir;

/** A run directory or one of its files cannot be used; the message is one line for the user. */
public final class RunDirectoryException extends RuntimeException implements org.tsnlat.exit.ExitStatus {
    public RunDirectoryException(String message) {
        super(message);
    }

    @Override
    public org.tsnlat.exit.Exit exit() {
        return org.tsnlat.exit.Exit.RUN_DIRECTORY;
    }
}
