package org.tsnlat.lab;

/** The lab could not be set up, found or taken down; the message is one line for the user. */
public final class LabException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LabException(String message) {
        super(message);
    }

    public LabException(String message, Throwable cause) {
        super(message, cause);
    }
}
