package org.tsnlat.env;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What changed between two snapshots. Both are flattened to leaves ({@link EnvFlattener}), the
 * fields marked {@link NotCompared} (pids, tids, IRQ counts, last CPU, times, free memory...)
 * left out, and every leaf whose text differs is one {@link EnvChange}. A field unreadable on
 * one side shows as "(unreadable: reason)"; a field absent on one side as "(none)".
 */
public final class EnvDiff {
    static final String NONE = "(none)";

    private EnvDiff() {
    }

    /** The changes from {@code a} to {@code b}, by topic in snapshot order, then by key. */
    public static List<EnvChange> diff(EnvSnapshot a, EnvSnapshot b) {
        SortedMap<String, EnvFlattener.Leaf> left = EnvFlattener.compared(a);
        SortedMap<String, EnvFlattener.Leaf> right = EnvFlattener.compared(b);
        Map<String, String> unreadableA = a.unreadable() == null ? Map.of() : a.unreadable();
        Map<String, String> unreadableB = b.unreadable() == null ? Map.of() : b.unreadable();
        SortedMap<String, List<String>> keys = new TreeMap<>();
        left.forEach((k, leaf) -> keys.put(k, leaf.path()));
        right.forEach((k, leaf) -> keys.put(k, leaf.path()));
        for (Map<String, String> unreadable : List.of(unreadableA, unreadableB)) {
            for (String u : unreadable.keySet()) {
                if (!covers(u, left) && !covers(u, right)) {
                    keys.put(EnvFlattener.sortKey(u), Arrays.asList(u.split("\\.")));
                }
            }
        }
        List<EnvChange> changes = new ArrayList<>();
        keys.forEach((sortKey, path) -> {
            String dotted = String.join(".", path);
            String before = value(left, unreadableA, sortKey, dotted);
            String after = value(right, unreadableB, sortKey, dotted);
            if (!before.equals(after)) {
                changes.add(new EnvChange(path.getFirst(),
                        String.join(" ", path.subList(1, path.size())), before, after));
            }
        });
        return changes;
    }

    /** The text of a leaf, else "(unreadable: why)" for it or a part above it, else "(none)". */
    private static String value(SortedMap<String, EnvFlattener.Leaf> leaves, Map<String, String> unreadable,
            String sortKey, String dotted) {
        EnvFlattener.Leaf leaf = leaves.get(sortKey);
        if (leaf != null) {
            return leaf.value();
        }
        String best = null;
        for (String u : unreadable.keySet()) {
            if ((dotted.equals(u) || dotted.startsWith(u + ".")) && (best == null || u.length() > best.length())) {
                best = u;
            }
        }
        return best == null ? NONE : "(unreadable: " + unreadable.get(best) + ")";
    }

    /** True when some leaf is {@code u} or lies under it. */
    private static boolean covers(String u, SortedMap<String, EnvFlattener.Leaf> leaves) {
        for (EnvFlattener.Leaf leaf : leaves.values()) {
            String d = leaf.dotted();
            if (d.equals(u) || d.startsWith(u + ".")) {
                return true;
            }
        }
        return false;
    }
}
