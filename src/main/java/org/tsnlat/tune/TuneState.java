package org.tsnlat.tune;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tsnlat.exit.Reasons;

/**
 * What {@code tune apply} changed, so that {@code tune undo} restores it exactly: by default
 * {@code /run/tsnlat/tune-state.json} (gone at reboot, as what it restores is).
 *
 * <p>Format (version 1):
 * <pre>
 * {
 *   "format": "tsnlat-tune-state", "version": 1,
 *   "plans": ["/etc/tsnlat/host.yaml"],            // every plan applied since the last undo
 *   "changes": [                                   // in the order made; undo goes backwards
 *     {"kind": "affinity", "target": "thread vhost-1234 (tid 1240, pid 1200 qemu-system-x86)",
 *      "tid": 1240, "startTime": 51234, "comm": "vhost-1234", "before": "0-3", "after": "2"},
 *     {"kind": "scheduler", ..., "before": "other 0", "after": "fifo 50"},
 *     {"kind": "file", "target": "IRQ 45 eth0-rx-2", "path": "/proc/irq/45/smp_affinity_list",
 *      "netns": null, "before": "0-3", "after": "2"}
 *   ]
 * }
 * </pre>
 * Each change is written here before it is made (write-ahead, by an atomic rename), and a setting
 * is kept once with its first value, so a second apply never loses the original. A change that
 * failed is taken out again.
 */
public record TuneState(String format, int version, List<String> plans, List<Change> changes) {
    public static final String FORMAT = "tsnlat-tune-state";
    public static final int VERSION = 1;
    public static final Path DEFAULT = Path.of("/run/tsnlat/tune-state.json");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public TuneState {
        plans = List.copyOf(plans);
        changes = List.copyOf(changes);
    }

    static TuneState empty() {
        return new TuneState(FORMAT, VERSION, List.of(), List.of());
    }

    /** The state in {@code file}, empty when there is none. */
    static Optional<TuneState> read(Path file) {
        try {
            TuneState s = JSON.readValue(Files.readAllBytes(file), TuneState.class);
            if (!FORMAT.equals(s.format()) || s.version() < 1 || s.version() > VERSION) {
                throw new TuneStateException(file + ": not a version " + VERSION + " tune state file");
            }
            return Optional.of(s);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new TuneStateException(file + ": unreadable tune state file (" + Reasons.of(e) + ")");
        }
    }

    TuneState withPlan(String plan) {
        List<String> p = new ArrayList<>(plans);
        if (!p.contains(plan)) p.add(plan);
        return new TuneState(format, version, p, changes);
    }

    /** With {@code c} recorded, unless the same setting is already (its first before is the original). */
    TuneState with(Change c) {
        if (changes.stream().anyMatch(c::sameSetting)) return this;
        List<Change> m = new ArrayList<>(changes);
        m.add(c);
        return new TuneState(format, version, plans, m);
    }

    TuneState without(Change c) {
        List<Change> m = new ArrayList<>(changes);
        m.remove(c);
        return new TuneState(format, version, plans, m);
    }

    TuneState withChanges(List<Change> c) {
        return new TuneState(format, version, plans, c);
    }

    /** Replaces {@code file} by this state, atomically. */
    void write(Path file) {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(temp, JSON.writeValueAsBytes(this));
            org.tsnlat.rundir.RunDirectory.replace(temp, file);
        } catch (IOException e) {
            throw new TuneStateException(file + ": cannot write the tune state file (" + Reasons.of(e) + ")");
        }
    }

    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".tmp"));
        } catch (IOException e) {
            throw new TuneStateException(file + ": cannot delete the tune state file (" + Reasons.of(e) + ")");
        }
    }
}
