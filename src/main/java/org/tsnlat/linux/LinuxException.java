package org.tsnlat.linux;

/**
 * A failed Linux call: names the C function, the errno and its text, for example
 * {@code bind 127.0.0.1:9000: Address already in use (errno 98)}.
 */
public final class LinuxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String function;
    private final int errno;

    /** A failure of {@code function} with {@code errno}; the message carries strerror's text. */
    public LinuxException(String function, int errno) {
        this(function, null, errno);
    }

    /**
     * A failure of {@code function} with {@code errno}; {@code detail} (nullable) says what the
     * call was about, such as an address or an interface name.
     */
    public LinuxException(String function, String detail, int errno) {
        super(message(function, detail, errno));
        this.function = function;
        this.errno = errno;
    }

    /** The C function that failed, such as {@code "bind"}. */
    public String function() {
        return function;
    }

    /** The errno value the call left, such as 98 for EADDRINUSE. */
    public int errno() {
        return errno;
    }

    private static String message(String function, String detail, int errno) {
        String where = detail == null ? function : function + " " + detail;
        return where + ": " + Errno.strerror(errno) + " (errno " + errno + ")";
    }
}
