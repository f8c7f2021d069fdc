package org.tsnlat.run;

import java.nio.file.Path;

/** The phc2sys log files to follow during a run, one per side (null: that side has none). */
public record Phc2sysSources(Path rxLog, Path txLog) {
    public static Phc2sysSources none() {
        return new Phc2sysSources(null, null);
    }
}
