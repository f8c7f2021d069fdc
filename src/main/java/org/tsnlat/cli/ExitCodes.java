package org.tsnlat.cli;

import picocli.CommandLine.Command;

/**
 * The process exit codes. Mixed into every command ({@code @Mixin ExitCodes.Listed}) so that
 * {@code --help} and the man pages list them.
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int NETWORK = 3;
    public static final int RUN_DIRECTORY = 4;
    public static final int LAB = 5;
    public static final int UNTRUSTED = 6;

    /** Carries the exit code list into a command's usage help. */
    @Command(exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:done (the summary was printed and the run directory written)",
            "1:the measurement failed while running, or an internal error",
            "2:bad usage or input: unknown option, bad value, unknown host; a program the option needs is missing "
                    + "(chromium for report --format png)",
            "3:network set-up failed: address in use or not available, not permitted; ptp4l not there or not answering",
            "4:run directory problem: missing, unreadable, not a run directory, corrupt file",
            "5:lab problem: already up, none up (status), a set-up step failed (and was undone)",
            "6:done, but some intervals' clocks were untrusted: their one-way latencies are excluded from the figures",
            "130:stopped by Ctrl-C (the summary and run directory are still written)",
            "143:stopped by SIGTERM (likewise)"})
    public static final class Listed {}

    private ExitCodes() {}
}
