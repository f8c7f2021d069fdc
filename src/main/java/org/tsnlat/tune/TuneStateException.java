package org.tsnlat.tune;

import org.tsnlat.exit.Exit;
import org.tsnlat.exit.ExitStatus;

/** The state file of tune apply and undo cannot be read, is not one, or cannot be written: exit 4. */
public final class TuneStateException extends RuntimeException implements ExitStatus {
    public TuneStateException(String message) {
        super(message);
    }

    @Override
    public Exit exit() {
        return Exit.RUN_DIRECTORY;
    }
}
