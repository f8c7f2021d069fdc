package org.tsnlat.cli;

import org.tsnlat.exit.Exit;

/** The exit codes as the commands return them; {@link Exit} owns the numbers and their meanings. */
public final class ExitCodes {
    public static final int OK = Exit.OK.code();
    public static final int FAILED = Exit.FAILED.code();
    public static final int USAGE = Exit.USAGE.code();
    public static final int NETWORK = Exit.NETWORK.code();
    public static final int RUN_DIRECTORY = Exit.RUN_DIRECTORY.code();
    public static final int LAB = Exit.LAB.code();
    public static final int UNTRUSTED = Exit.UNTRUSTED.code();
    public static final int END_NOT_SEEN = Exit.END_NOT_SEEN.code();
    public static final int NOTHING_MEASURED = Exit.NOTHING_MEASURED.code();
    public static final int NOT_GRANTED = Exit.NOT_GRANTED.code();
    public static final int NOT_AS_PLANNED = Exit.NOT_AS_PLANNED.code();

    private ExitCodes() {}
}
