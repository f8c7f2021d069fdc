package org.tsnlat.exit;

/** Bad usage or input that only shows once the command runs (an option against another, a host that does not resolve): exit 2. */
public final class UsageException extends IllegalArgumentException implements ExitStatus {
    public UsageException(String message) {
        super(message);
    }

    @Override
    public Exit exit() {
        return Exit.USAGE;
    }
}
