package org.tsnlat.run;

/** The measurement could not start (address in use, unreachable, not permitted); one line for the user. */
public final class SetupException extends RuntimeException {
    public SetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
