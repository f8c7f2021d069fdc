package org.tsnlat.env;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;
import org.tsnlat.linux.LinuxException;

/**
 * Reads /proc and /sys for the probes and notes, under the field's dotted key, why a value
 * could not be read. Never throws for a missing or unreadable source.
 */
final class Reads {
    private final SortedMap<String, String> unreadable = new TreeMap<>();

    /** The file's content without the trailing newline, or null (and the reason under key). */
    String file(String key, Path path) {
        try {
            return strip(Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            unreadable(key, reason(e));
            return null;
        }
    }

    /** As {@link #file}, but a missing file is simply null, not unreadable. */
    String optionalFile(String key, Path path) {
        if (!Files.exists(path)) {
            return null;
        }
        return file(key, path);
    }

    /** The file as an integer, or null. */
    Integer intFile(String key, Path path) {
        String text = file(key, path);
        if (text == null) {
            return null;
        }
        try {
            return Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            unreadable(key, "not a number: " + text.trim());
            return null;
        }
    }

    /** A /proc/sys number (read at offset 0 only, {@link ProcFile}), or null. */
    Long procSysLong(String key, Path path) {
        String text;
        try {
            text = ProcFile.read(path).strip();
        } catch (IOException | RuntimeException e) {
            unreadable(key, reason(e));
            return null;
        }
        try {
            return Long.valueOf(text);
        } catch (NumberFormatException e) {
            unreadable(key, "not a number: " + text);
            return null;
        }
    }

    void unreadable(String key, String reason) {
        unreadable.putIfAbsent(key, reason);
    }

    void addAll(java.util.Map<String, String> more) {
        more.forEach(this::unreadable);
    }

    SortedMap<String, String> unreadable() {
        return unreadable;
    }

    /** A short, stable reason: "permission denied", "no such file", the errno text... */
    static String reason(Exception e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason().toLowerCase(java.util.Locale.ROOT);
        }
        if (e instanceof LinuxException l) {
            String m = l.getMessage();
            return m.substring(m.lastIndexOf(": ") + 2);
        }
        String m = e.getMessage();
        if (m != null && m.contains("Permission denied")) {
            return "permission denied";
        }
        return m == null ? e.getClass().getSimpleName() : m;
    }

    static String strip(String text) {
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }
}
