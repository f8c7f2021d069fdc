package org.tsnlat.tune;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tsnlat.env.ProcFile;
import org.tsnlat.env.Subprocess;
import org.tsnlat.exit.Reasons;

/**
 * Reads and writes the files of /proc and /sys that tune checks and sets, in this namespace or in a
 * named network namespace. /sys/class/net shows a namespace's interfaces only where sysfs was
 * mounted inside it, which {@code ip netns exec NS} does; setns(2) alone would not, so files of
 * another namespace go through {@code ip netns exec NS sh} (the path and value are passed as
 * arguments, never as shell text).
 */
final class SysFiles {
    private SysFiles() {
    }

    /** A file's text without its last newline, or why it could not be read. */
    record Text(String value, String failure) {
        boolean ok() {
            return failure == null;
        }
    }

    static Text read(String netns, String path) {
        if (netns == null) {
            try {
                String s = ProcFile.read(Path.of(path)); // one read at offset 0: /proc/sys answers no other
                return new Text(s.endsWith("\n") ? s.substring(0, s.length() - 1) : s, null);
            } catch (IOException e) {
                return new Text(null, Reasons.of(e));
            }
        }
        return inNetns(netns, "cat \"$1\"", path);
    }

    /** The names in a directory, sorted, or why they could not be listed. */
    static List<String> list(String netns, String dir, List<String> why) {
        Text t;
        if (netns == null) {
            try (var s = Files.list(Path.of(dir))) {
                return s.map(p -> p.getFileName().toString()).sorted().toList();
            } catch (IOException e) {
                why.add(Reasons.of(e));
                return null;
            }
        }
        t = inNetns(netns, "ls -1 \"$1\"", dir);
        if (!t.ok()) {
            why.add(t.failure());
            return null;
        }
        return t.value().isEmpty() ? List.of() : t.value().lines().sorted().toList();
    }

    /** Writes {@code value} (and a newline) into the file; null, or why it failed. */
    static String write(String netns, String path, String value) {
        if (netns == null) {
            try {
                Files.writeString(Path.of(path), value + "\n", StandardCharsets.UTF_8);
                return null;
            } catch (IOException e) {
                return Reasons.of(e);
            }
        }
        Text t = inNetns(netns, "printf '%s\\n' \"$2\" > \"$1\"", path, value);
        return t.failure();
    }

    private static Text inNetns(String netns, String script, String... args) {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", netns, "sh", "-c", script, "sh"));
        argv.addAll(List.of(args));
        try {
            Subprocess.Result r = Subprocess.run(argv);
            if (r.exitCode() != 0) {
                String f = r.failure();
                // "cat: /sys/...: No such file or directory", "sh: 1: cannot create ...: Invalid argument"
                int colon = f.lastIndexOf(": ");
                return new Text(null, f.startsWith("Cannot open network namespace") || colon < 0 ? f
                        : f.substring(colon + 2));
            }
            String out = r.stdout();
            return new Text(out.endsWith("\n") ? out.substring(0, out.length() - 1) : out, null);
        } catch (IOException e) {
            return new Text(null, "ip netns exec " + netns + ": " + Reasons.of(e));
        }
    }
}
