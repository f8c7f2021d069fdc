package org.tsnlat.exit;

/** A failure that knows which exit code it means. Implemented by tsnlat's exception types. */
public interface ExitStatus {
    Exit exit();
}
