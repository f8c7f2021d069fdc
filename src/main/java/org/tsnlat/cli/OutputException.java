package org.tsnlat.cli;

import org.tsnlat.exit.Exit;
import org.tsnlat.exit.ExitStatus;

/** What a command was to write (-o FILE, standard output) could not be written: exit 4, the file and the reason. */
final class OutputException extends RuntimeException implements ExitStatus {
    OutputException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Exit exit() {
        return Exit.RUN_DIRECTORY;
    }
}
