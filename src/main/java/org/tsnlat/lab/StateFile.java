package org.tsnlat.lab;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The lab's journal, {@code /run/tsnlat/lab-<name>.json}: written before anything is made and
 * rewritten (atomically, by rename) after each thing is made.
 *
 * <p>Format (version 1):
 * <pre>
 * {
 *   "format": "tsnlat-lab", "version": 1,
 *   "name": "tsnlat", "topology": "veth",          // also "bridge", "macvlan"
 *   "createdAt": "2026-01-01T10:00:00Z",            // ISO-8601 instant, when up began
 *   "shaping": {"kind": "htb", "rateBitsPerSecond": 100000000} or null,
 *   "ptp": true,
 *   "guestNet": "tap-bridge",                       // the VM lab's: also "macvtap"; absent in older files (tap-bridge)
 *   "stateDirectory": "/run/tsnlat/lab-tsnlat",     // ptp4l configs, logs and sockets
 *   "complete": false,                              // true once up finished
 *   "planned": [ {"kind": "netns", "name": "tsnlat-talker"}, ... ],   // everything up will make
 *   "made":    [ {"kind": "ptp4l", "namespace": "tsnlat-talker",
 *                 "name": "/run/tsnlat/lab-tsnlat/ptp4l-talker.cfg", "pid": 1234}, ... ]
 * }
 * </pre>
 * Kinds: {@code directory}, {@code netns}, {@code link}, {@code qdisc}, {@code file} (name is a
 * path) and {@code ptp4l} (name is its configuration file). {@code down} removes whatever of
 * {@code planned} and {@code made} exists, so a crash between making a thing and recording it
 * leaves nothing behind.
 */
record StateFile(String format, int version, String name, Topology topology, String createdAt,
        Shaping shaping, boolean ptp, String stateDirectory, boolean complete,
        List<Resource> planned, List<Resource> made, GuestNet guestNet) {
    static final String FORMAT = "tsnlat-lab";
    static final int VERSION = 1;
    static final Path BASE = Path.of("/run/tsnlat");
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    StateFile {
        planned = List.copyOf(planned);
        made = List.copyOf(made);
    }

    static Path path(String labName) {
        return BASE.resolve("lab-" + labName + ".json");
    }

    static Path stateDirectory(String labName) {
        return BASE.resolve("lab-" + labName);
    }

    /** The state file of lab {@code labName}, if there is one. */
    static Optional<StateFile> read(String labName) {
        Path file = path(labName);
        try {
            StateFile s = JSON.readValue(Files.readAllBytes(file), StateFile.class);
            if (!FORMAT.equals(s.format()) || s.version() != VERSION) {
                throw new LabException(file + ": not a version " + VERSION + " lab state file");
            }
            return Optional.of(s);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new LabException(file + ": unreadable lab state file (" + e.getMessage().lines().findFirst()
                    .orElse("") + "); remove it only after removing its namespaces by hand", e);
        }
    }

    /** Writes the first version; fails if the file exists, so two concurrent ups cannot both win. */
    void create() {
        Path file = path(name);
        try {
            Files.createDirectories(BASE);
            Files.write(file, JSON.writeValueAsBytes(this), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new LabException("lab '" + name + "' is being set up by another process (" + file + " exists)", e);
        } catch (IOException e) {
            throw new LabException(file + ": cannot write the lab state file: " + e.getMessage(), e);
        }
    }

    /** Replaces the file by this version, atomically. */
    void write() {
        Path file = path(name);
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.write(temp, JSON.writeValueAsBytes(this));
            org.tsnlat.rundir.RunDirectory.replace(temp, file);
        } catch (IOException e) {
            throw new LabException(file + ": cannot update the lab state file: " + e.getMessage(), e);
        }
    }

    void delete() {
        try {
            Files.deleteIfExists(path(name));
            // a write cut short by a crash leaves its temporary file beside the state file
            Files.deleteIfExists(path(name).resolveSibling(path(name).getFileName() + ".tmp"));
        } catch (IOException e) {
            throw new LabException(path(name) + ": cannot delete the lab state file: " + e.getMessage(), e);
        }
    }

    StateFile withMade(Resource r) {
        List<Resource> m = new ArrayList<>(made);
        m.removeIf(r::sameThing);
        m.add(r);
        return new StateFile(format, version, name, topology, createdAt, shaping, ptp, stateDirectory, complete,
                planned, m, guestNet);
    }

    StateFile completed() {
        return new StateFile(format, version, name, topology, createdAt, shaping, ptp, stateDirectory, true,
                planned, made, guestNet);
    }

    /** How the guest NIC is attached (a file without the field, older than it, had a tap in a bridge). */
    GuestNet guestNetOrDefault() {
        return guestNet == null ? GuestNet.TAP_BRIDGE : guestNet;
    }
}
