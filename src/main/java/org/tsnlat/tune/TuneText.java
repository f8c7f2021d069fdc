package org.tsnlat.tune;

import java.nio.file.Path;
import java.util.List;

/** What check, apply and undo print: one line per item or change, the summary last. */
public final class TuneText {
    private TuneText() {
    }

    /** The findings, one item a line ("held", "VIOLATED", "unknown", its item, what was found), then the count. */
    public static String findings(List<Finding> findings, boolean violatedOnly) {
        StringBuilder b = new StringBuilder();
        for (Finding f : findings) {
            if (violatedOnly && f.status() != Finding.Status.VIOLATED) continue;
            String status = switch (f.status()) {
                case HELD -> "held    ";
                case VIOLATED -> "VIOLATED";
                case UNKNOWN -> "unknown ";
            };
            b.append(status).append(' ').append(f.item()).append(": ").append(f.evidence().getFirst()).append('\n');
            for (String more : f.evidence().subList(1, f.evidence().size())) {
                b.append("         ").append(more).append('\n');
            }
        }
        return b.toString();
    }

    /** "12 items: 3 held, 5 violated, 4 unknown". */
    public static String count(List<Finding> findings) {
        long held = findings.stream().filter(f -> f.status() == Finding.Status.HELD).count();
        long violated = findings.stream().filter(f -> f.status() == Finding.Status.VIOLATED).count();
        long unknown = findings.size() - held - violated;
        return findings.size() + (findings.size() == 1 ? " item: " : " items: ") + held + " held, " + violated
                + " violated, " + unknown + " unknown";
    }

    public static boolean anyViolated(List<Finding> findings) {
        return findings.stream().anyMatch(f -> f.status() == Finding.Status.VIOLATED);
    }

    /** The changes made and failed, then what is still violated and what to do about it. */
    public static String applied(Tuner.Applied a, Path state) {
        StringBuilder b = new StringBuilder();
        for (Change c : a.made()) b.append("changed  ").append(describe(c)).append('\n');
        for (Tuner.Failure f : a.failed()) {
            b.append("FAILED   ").append(describe(f.change())).append(": ").append(f.reason()).append('\n');
        }
        String bootLine = null;
        for (Finding f : a.after()) {
            if (f.status() != Finding.Status.VIOLATED) continue;
            if (f.item().startsWith("kernel ")) {
                b.append("REBOOT   ").append(f.item()).append(": ").append(f.evidence().getFirst())
                        .append(" (a boot parameter: tune cannot change it)\n");
                bootLine = f.manual().substring(f.manual().indexOf(": ") + 2);
                continue;
            }
            b.append("LEFT     ").append(f.item()).append(": ").append(f.evidence().getFirst()).append('\n');
            if (f.manual() != null) b.append("         to change it: ").append(f.manual()).append('\n');
        }
        if (bootLine != null) {
            b.append("boot line to use (GRUB_CMDLINE_LINUX in /etc/default/grub, then update-grub and reboot):\n  ")
                    .append(bootLine).append('\n');
        }
        b.append("tune apply: ").append(a.made().size()).append(a.made().size() == 1 ? " change" : " changes")
                .append(" made, ").append(a.failed().size()).append(" failed");
        if (!a.made().isEmpty()) b.append("; old values in ").append(state).append(" ('tsnlat tune undo' restores them)");
        b.append("\nnow: ").append(count(a.after())).append('\n');
        return b.toString();
    }

    public static String undone(Tuner.Undone u, Path state) {
        StringBuilder b = new StringBuilder();
        if (!u.hadState()) return "nothing to undo: no state file " + state + "\n";
        for (Change c : u.restored()) b.append("restored ").append(describe(c.reversed())).append('\n');
        for (Change c : u.gone()) b.append("gone     ").append(c.target()).append(": the thread has ended, nothing to restore\n");
        for (Tuner.Failure f : u.failed()) {
            b.append("FAILED   ").append(describe(f.change().reversed())).append(": ").append(f.reason()).append('\n');
        }
        b.append("tune undo: ").append(u.restored().size()).append(" restored, ").append(u.gone().size())
                .append(" gone, ").append(u.failed().size()).append(" failed; ")
                .append(u.failed().isEmpty() ? state + " removed" : state + " keeps what failed").append('\n');
        return b.toString();
    }

    /** "thread vhost-4242 (tid 81) affinity 0-1 -> 1", "IRQ 45 eth0-rx-2 0-1 -> 2". */
    static String describe(Change c) {
        String what = switch (c.kind()) {
            case Change.AFFINITY -> " affinity ";
            case Change.SCHEDULER -> " policy ";
            default -> " ";
        };
        return c.target() + what + c.before() + " -> " + c.after();
    }
}
