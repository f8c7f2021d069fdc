package org.tsnlat.lab;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Removes what a state file lists and what of it exists: the VM lab's QEMU and ptp4l processes
 * first (only while their command line still names the lab's pid file or configuration), then the
 * namespaces (which takes their links and qdiscs with them), then files and the state directory. Links and qdiscs need no action:
 * every one lives in a lab namespace.
 */
final class Teardown {
    private Teardown() {
    }

    /** Removes everything; returns the problems met (empty when all is gone). */
    static List<String> remove(StateFile state) {
        List<Resource> all = new ArrayList<>(state.made());
        for (Resource p : state.planned()) {
            if (all.stream().noneMatch(p::sameThing)) {
                all.add(p);
            }
        }
        List<String> problems = new ArrayList<>();
        stopQemu(all, problems, Path.of(state.stateDirectory()));
        stopPtp4l(all, problems);
        deleteNamespaces(all, problems);
        deleteFiles(all, problems);
        return problems;
    }

    /** The names of the network namespaces {@code ip netns list} shows. */
    static Set<String> namespaces() {
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode n : Exec.json(Exec.ip(null, "-j", "netns", "list"))) {
            names.add(n.path("name").asText());
        }
        return names;
    }

    /** A way to stop one process of the lab by its pid; true when it is gone. */
    @FunctionalInterface
    private interface Stopper {
        boolean stop(long pid) throws InterruptedException;
    }

    /**
     * The VM lab's QEMU, by the pid recorded or, when up crashed before recording it, the one in
     * its pid file; only while its command line still names the lab's pid file.
     */
    private static void stopQemu(List<Resource> all, List<String> problems, Path stateDirectory) {
        for (Resource r : all) {
            if (r.kind() == Resource.Kind.QEMU) {
                Set<Long> pids = new LinkedHashSet<>();
                if (r.pid() != null) {
                    pids.add(r.pid());
                }
                try {
                    pids.add(Long.parseLong(Files.readString(r.path()).trim()));
                } catch (IOException | NumberFormatException e) {
                    // no pid file: QEMU did not get as far as writing it
                }
                stopEach("QEMU", pids, pid -> Guest.stop(pid, stateDirectory), problems);
            }
        }
    }

    /** ptp4l, by the pid recorded and every live one started with the lab's configuration. */
    private static void stopPtp4l(List<Resource> all, List<String> problems) {
        for (Resource r : all) {
            if (r.kind() == Resource.Kind.PTP4L) {
                Set<Long> pids = new LinkedHashSet<>(Ptp4l.findByConfig(r.path()));
                if (r.pid() != null) {
                    pids.add(r.pid());
                }
                stopEach("ptp4l", pids, pid -> Ptp4l.stop(pid, r.path()), problems);
            }
        }
    }

    private static void stopEach(String what, Set<Long> pids, Stopper stopper, List<String> problems) {
        for (long pid : pids) {
            try {
                if (!stopper.stop(pid)) {
                    problems.add(what + " pid " + pid + " did not end after SIGKILL");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problems.add("interrupted while stopping " + what + " pid " + pid);
            }
        }
    }

    private static void deleteNamespaces(List<Resource> all, List<String> problems) {
        Set<String> present;
        try {
            present = namespaces();
        } catch (LabException e) {
            problems.add(e.getMessage());
            return;
        }
        for (Resource r : all) {
            if (r.kind() == Resource.Kind.NETNS && present.contains(r.name())) {
                try {
                    Exec.run(Exec.ip(null, "netns", "del", r.name()));
                } catch (LabException e) {
                    if (stillThere(r.name())) { // another 'down' (another process) may have deleted it first
                        problems.add(e.getMessage());
                    }
                }
            }
        }
    }

    private static void deleteFiles(List<Resource> all, List<String> problems) {
        for (Resource r : all) {
            if (r.kind() == Resource.Kind.FILE && insideBase(r.path())) {
                try {
                    Files.deleteIfExists(r.path());
                } catch (IOException e) {
                    problems.add("cannot delete " + r.path() + ": " + e.getMessage());
                }
            }
        }
        for (Resource r : all) {
            if (r.kind() == Resource.Kind.DIRECTORY && insideBase(r.path()) && Files.isDirectory(r.path())) {
                try (Stream<Path> tree = Files.walk(r.path())) {
                    for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                } catch (IOException | java.io.UncheckedIOException e) {
                    if (Files.exists(r.path())) { // not a problem when another 'down' removed it meanwhile
                        problems.add("cannot delete " + r.path() + ": " + e.getMessage());
                    }
                }
            }
        }
    }

    private static boolean stillThere(String namespace) {
        try {
            return namespaces().contains(namespace);
        } catch (LabException e) {
            return true;
        }
    }

    /** Files are only ever deleted under /run/tsnlat, whatever a (damaged) state file says. */
    private static boolean insideBase(Path p) {
        Path n = p.toAbsolutePath().normalize();
        return n.startsWith(StateFile.BASE) && !n.equals(StateFile.BASE);
    }
}
