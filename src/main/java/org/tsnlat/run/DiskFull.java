package org.tsnlat.run;

/** Tells a full file system (ENOSPC, EDQUOT) from other write failures, by the kernel's text that Java passes on. */
final class DiskFull {
    private DiskFull() {}

    static boolean is(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = c.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }
}
