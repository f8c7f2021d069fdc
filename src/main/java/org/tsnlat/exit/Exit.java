package org.tsnlat.exit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every exit code of tsnlat, with the text that {@code --help}, the man pages, the README and
 * docs/exit-codes.md give for it; this enum is their one owner.
 *
 * <p>When a measurement meets several outcomes, its exit code is the first of them in this order:
 * {@link #FAILED}, {@link #RUN_DIRECTORY}, {@link #NOTHING_MEASURED}, {@link #END_NOT_SEEN},
 * {@link #UNTRUSTED}, {@link #NOT_AS_PLANNED} (a run with --plan that did not keep it), {@link #OK}
 * ({@link #worst}). The others end a command before any figure; so does {@link #NOT_AS_PLANNED}
 * with --plan-strict, and it is also tune's.
 */
public enum Exit {
    OK(0, "done: the summary was printed and the run directory written"),
    FAILED(1, "the measurement failed while running, or an internal error"),
    USAGE(2, "bad usage or input: unknown option, value out of range, options that contradict each other, "
            + "unknown host; a program the option needs is missing (chromium for report --format png)"),
    NETWORK(3, "network set-up failed before the first probe: address in use or not available, not permitted; "
            + "ptp4l not there or not answering; no taprio schedule on the egress interface to align to (--taprio-align)"),
    RUN_DIRECTORY(4, "file problem: the run directory cannot be created or written (disk full: the summary is still "
            + "printed), or a file is missing, unreadable, damaged or from another run (report prints what the "
            + "intact records give, marked damaged); -o FILE or standard output cannot be written"),
    LAB(5, "lab problem: already up, none up (status), a set-up step failed (and was undone)"),
    UNTRUSTED(6, "done, but some intervals' clocks were untrusted: their one-way latencies are excluded from the figures"),
    END_NOT_SEEN(7, "done, but the end was not seen: the receiver stopped after a silence without the sender's "
            + "end of session (--silence), or report read a run that was killed; the figures cover what was recorded"),
    NOTHING_MEASURED(8, "nothing measured: no probe was received, the kernel refused every send, or (over layer 2) none of the reflections asked for came back (is anybody listening?)"),
    NOT_GRANTED(9, "a scheduling setting asked for (--policy, --priority) cannot be applied "
            + "(needs root or CAP_SYS_NICE); --best-effort runs anyway and says what was not in force"),
    NOT_AS_PLANNED(10, "the host does not hold to its tune plan: check found an item violated; apply left one "
            + "violated (a kernel parameter needs a reboot) or could not change it; undo could not restore a setting; "
            + "a run with --plan found one violated before its first probe or at its end (with --plan-strict, "
            + "before: nothing measured)"),
    INTERRUPTED(130, "stopped by Ctrl-C (the summary and run directory are still written)"),
    TERMINATED(143, "stopped by SIGTERM (likewise)");

    private final int code;
    private final String meaning;

    Exit(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    /** Of two outcomes of one measurement, the one its exit code reports (see the class comment). */
    public static Exit worst(Exit a, Exit b) {
        return rank(a) <= rank(b) ? a : b;
    }

    private static int rank(Exit e) {
        return switch (e) {
            case FAILED -> 0;
            case RUN_DIRECTORY -> 1;
            case NOTHING_MEASURED -> 2;
            case END_NOT_SEEN -> 3;
            case UNTRUSTED -> 4;
            case NOT_AS_PLANNED -> 5;
            case OK -> 7;
            default -> 6;
        };
    }

    /** The exit of {@code code} ({@link #code()}); {@link #FAILED} for a code no exit has. */
    public static Exit of(int code) {
        for (Exit e : values()) {
            if (e.code == code) return e;
        }
        return FAILED;
    }

    /** Code to meaning, in order, as picocli's usage help takes it. */
    public static Map<String, String> table() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Exit e : values()) {
            m.put(Integer.toString(e.code), e.meaning);
        }
        return m;
    }
}
