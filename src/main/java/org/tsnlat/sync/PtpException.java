package org.tsnlat.sync;

/**
 * ptp4l's view could not be read: no socket, no answer, an error status, or a message that
 * does not parse. The message is one line meant for the user, for example
 * {@code no ptp4l socket at /var/run/ptp4l (ptp4l not running?)}.
 */
public final class PtpException extends RuntimeException implements org.tsnlat.exit.ExitStatus {
    private static final long serialVersionUID = 1L;

    public PtpException(String message) {
        super(message);
    }

    public PtpException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public org.tsnlat.exit.Exit exit() {
        return org.tsnlat.exit.Exit.NETWORK;
    }
}
