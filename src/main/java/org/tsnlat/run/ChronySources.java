package org.tsnlat.run;

import java.nio.file.Path;

/** The chronyd command sockets to read during a run, one per side (null: that side has none). */
public record ChronySources(Path rxSocket, Path txSocket) {
    public static ChronySources none() {
        return new ChronySources(null, null);
    }
}
