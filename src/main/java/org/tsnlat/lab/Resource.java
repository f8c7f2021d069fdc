package org.tsnlat.lab;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;

/**
 * One thing the lab makes, as the state file lists it.
 *
 * @param kind what it is
 * @param namespace the namespace it lives in (null for files, directories and namespaces)
 * @param name the namespace's, link's or device's name, or the path of a file, directory or (for
 *     a process) its configuration file (ptp4l) or pid file (QEMU)
 * @param pid a process's pid once it runs, else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Resource(Kind kind, String namespace, String name, Long pid) {
    enum Kind {
        @JsonProperty("directory") DIRECTORY,
        @JsonProperty("netns") NETNS,
        @JsonProperty("link") LINK,
        @JsonProperty("qdisc") QDISC,
        @JsonProperty("file") FILE,
        @JsonProperty("ptp4l") PTP4L,
        @JsonProperty("qemu") QEMU
    }

    static Resource directory(Path path) {
        return new Resource(Kind.DIRECTORY, null, path.toString(), null);
    }

    static Resource netns(String name) {
        return new Resource(Kind.NETNS, null, name, null);
    }

    static Resource link(String namespace, String name) {
        return new Resource(Kind.LINK, namespace, name, null);
    }

    static Resource qdisc(String namespace, String device) {
        return new Resource(Kind.QDISC, namespace, device, null);
    }

    static Resource file(Path path) {
        return new Resource(Kind.FILE, null, path.toString(), null);
    }

    /** A ptp4l in {@code namespace} started with configuration file {@code config}. */
    static Resource ptp4l(String namespace, Path config) {
        return new Resource(Kind.PTP4L, namespace, config.toString(), null);
    }

    /** The VM lab's QEMU in {@code namespace}, known by its pid file {@code pidFile}. */
    static Resource qemu(String namespace, Path pidFile) {
        return new Resource(Kind.QEMU, namespace, pidFile.toString(), null);
    }

    Resource withPid(long processId) {
        return new Resource(kind, namespace, name, processId);
    }

    /** The same thing, ignoring the pid only known once made. */
    boolean sameThing(Resource other) {
        return kind == other.kind && java.util.Objects.equals(namespace, other.namespace) && name.equals(other.name);
    }

    Path path() {
        return Path.of(name);
    }

    @Override
    public String toString() {
        String where = namespace == null ? "" : namespace + ":";
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + where + name + (pid == null ? "" : " pid " + pid);
    }
}
