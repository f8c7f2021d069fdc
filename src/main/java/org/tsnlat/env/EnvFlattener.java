package org.tsnlat.env;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Turns a snapshot into leaves: one per scalar field, keyed by its dotted path
 * ("threads.tsnlat-rx.affinity"), in snapshot order (topics as {@link EnvSnapshot} declares them,
 * keys sorted within). Walks the JSON tree alongside the record types, so a
 * {@link NotCompared} field can be left out; a field the records do not know (written by a
 * newer tsnlat of the same version) is kept.
 */
final class EnvFlattener {
    /** One scalar: its path segments (topic first) and its text. */
    record Leaf(List<String> path, String value) {
        String dotted() {
            return String.join(".", path);
        }
    }

    private static final List<String> TOPICS = java.util.Arrays.stream(EnvSnapshot.class.getRecordComponents())
            .map(RecordComponent::getName).toList();

    private EnvFlattener() {
    }

    /** The compared leaves, by sort key (topic order, then dotted path). */
    static SortedMap<String, Leaf> compared(EnvSnapshot s) {
        return flatten(s, true);
    }

    /** Every leaf, volatile ones too (for {@code env show}). */
    static SortedMap<String, Leaf> all(EnvSnapshot s) {
        return flatten(s, false);
    }

    /** The key leaves sort by: the topic's position in the snapshot, then the dotted path. */
    static String sortKey(String dotted) {
        int dot = dotted.indexOf('.');
        String topic = dot < 0 ? dotted : dotted.substring(0, dot);
        int index = TOPICS.indexOf(topic);
        return String.format("%02d", index < 0 ? 99 : index) + dotted;
    }

    private static SortedMap<String, Leaf> flatten(EnvSnapshot s, boolean skipNotCompared) {
        SortedMap<String, Leaf> out = new TreeMap<>();
        walk(EnvJson.mapper().valueToTree(s), EnvSnapshot.class, new ArrayList<>(), skipNotCompared, out);
        return out;
    }

    private static void walk(JsonNode node, Type type, List<String> path, boolean skip,
            SortedMap<String, Leaf> out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        Class<?> raw = raw(type);
        if (raw != null && raw.isRecord() && node.isObject()) {
            Set<String> known = new HashSet<>();
            for (RecordComponent c : raw.getRecordComponents()) {
                known.add(c.getName());
                if (!(skip && c.isAnnotationPresent(NotCompared.class))) {
                    into(node.get(c.getName()), c.getGenericType(), path, c.getName(), skip, out);
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!known.contains(e.getKey())) {
                    into(e.getValue(), Object.class, path, e.getKey(), skip, out);
                }
            }
        } else if (node.isObject()) {
            Type valueType = raw != null && Map.class.isAssignableFrom(raw) && type instanceof ParameterizedType p
                    ? p.getActualTypeArguments()[1] : Object.class;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                into(e.getValue(), valueType, path, e.getKey(), skip, out);
            }
        } else if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(n -> items.add(n.isValueNode() ? n.asText() : n.toString()));
            add(path, String.join(" ", items), out);
        } else {
            add(path, node.asText(), out);
        }
    }

    private static void into(JsonNode child, Type type, List<String> path, String segment, boolean skip,
            SortedMap<String, Leaf> out) {
        path.add(segment);
        walk(child, type, path, skip, out);
        path.removeLast();
    }

    private static void add(List<String> path, String value, SortedMap<String, Leaf> out) {
        Leaf leaf = new Leaf(List.copyOf(path), value);
        out.put(sortKey(leaf.dotted()), leaf);
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        return null;
    }
}
