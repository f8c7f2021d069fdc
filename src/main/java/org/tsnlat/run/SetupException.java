package org.tsnlat.run;

import org.tsnlat.exit.Exit;
import org.tsnlat.exit.ExitStatus;

/**
 * The measurement could not start; one line for the user. Most are network set-up (address in
 * use, unreachable, not permitted, ptp4l not answering: exit 3); the checks made before the
 * warm-up also fail with the run directory's exit code (runs directory not writable) or with
 * {@link Exit#NOT_GRANTED} (a real-time policy asked for that the kernel refuses).
 */
public final class SetupException extends RuntimeException implements ExitStatus {
    private final Exit exit;

    public SetupException(String message, Throwable cause) {
        this(Exit.NETWORK, message, cause);
    }

    public SetupException(Exit exit, String message, Throwable cause) {
        super(message, cause);
        this.exit = exit;
    }

    @Override
    public Exit exit() {
        return exit;
    }
}
