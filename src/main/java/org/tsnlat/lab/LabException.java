package org.tsnlat.lab;

/** The lab could not be set up, found or taken down; the message is one line for the user. */
public final class LabException extends RuntimeException implements org.tsnlat.exit.ExitStatus {
    private static final long serialVersionUID = 1L;

    public LabException(String message) {
        super(message);
    }

    public LabException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public org.tsnlat.exit.Exit exit() {
        return org.tsnlat.exit.Exit.LAB;
    }
}
