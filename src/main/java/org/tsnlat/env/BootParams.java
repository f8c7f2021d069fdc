package org.tsnlat.env;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The kernel parameters of a command line (/proc/cmdline): words up to "--" (what follows is
 * for init), each "name=value" or a bare flag. Double quotes group a value with spaces, as the
 * kernel's own parser does. A repeated parameter keeps its last value.
 */
public record BootParams(SortedMap<String, String> all) {
    /** The value recorded for a bare flag such as "quiet". */
    static final String FLAG = "(set)";

    /** The parameters of {@code cmdline} (null: none). */
    public static BootParams parse(String cmdline) {
        SortedMap<String, String> all = new TreeMap<>();
        for (String word : words(cmdline == null ? "" : cmdline)) {
            if (word.equals("--")) {
                break;
            }
            int eq = word.indexOf('=');
            if (eq < 0) {
                all.put(word, FLAG);
            } else {
                all.put(word.substring(0, eq), unquote(word.substring(eq + 1)));
            }
        }
        return new BootParams(all);
    }

    /** The value of {@code name}, null when absent. */
    public String get(String name) {
        return all.get(name);
    }

    /** Every parameter but {@code excluded}. */
    SortedMap<String, String> without(String... excluded) {
        SortedMap<String, String> rest = new TreeMap<>(all);
        for (String name : excluded) {
            rest.remove(name);
        }
        return rest;
    }

    private static List<String> words(String cmdline) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        for (char c : cmdline.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                word.append(c);
            } else if (Character.isWhitespace(c) && !quoted) {
                if (!word.isEmpty()) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (!word.isEmpty()) {
            words.add(word.toString());
        }
        return words;
    }

    private static String unquote(String value) {
        return value.replace("\"", "");
    }
}
