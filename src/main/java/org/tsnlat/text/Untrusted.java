package org.tsnlat.text;

/**
 * The one owner of escaping for text tsnlat did not write itself: a ptp4l port state or clock
 * identity forwarded by a remote sender, a note or host name in meta.json, a line of /proc. On a
 * terminal an ESC sequence in such a string can move the cursor, rewrite what was printed or set
 * the window title; a newline forges a line of the report ("clock trust: ... 0 untrusted"); a
 * bidi override makes text read backwards. So before it is shown, every character that is not
 * plainly visible is written as an escape that is:
 * <ul>
 *   <li>C0 controls (tab, CR, LF and ESC included), DEL and the C1 controls (U+0080 to U+009F):
 *       {@code \x1b}, {@code \x0a}, {@code \x7f}, {@code \x9b};</li>
 *   <li>Unicode bidi controls (U+061C, U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069), the line
 *       and paragraph separators U+2028 and U+2029, the byte order mark U+FEFF and a lone surrogate:
 *       {@code \u202e}.</li>
 * </ul>
 * Printable ASCII and every other character pass unchanged (host names, interface names and notes
 * in any script read as written), so the escape is not reversible: a backslash stays a backslash.
 * Nothing is allocated for a string that needs no escaping.
 */
public final class Untrusted {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Untrusted() {}

    /** {@code s} with every invisible character escaped; "null" for null, as string concatenation writes it. */
    public static String text(String s) {
        return escaped(s, false);
    }

    /** {@link #text} of {@code String.valueOf(o)}: for a value read from JSON, a map key, a record. */
    public static String text(Object o) {
        return text(String.valueOf(o));
    }

    /**
     * A whole multi-line text (a report, a listing) with its line breaks ({@code \n}) kept and every
     * other invisible character escaped: the last guard of each text output, behind the escaping of
     * each field from outside (which escapes its line breaks too).
     */
    public static String lines(String s) {
        return escaped(s, true);
    }

    private static String escaped(String s, boolean keepNewlines) {
        if (s == null) return "null";
        int i = firstUnsafe(s, keepNewlines);
        if (i < 0) return s;
        StringBuilder b = new StringBuilder(s.length() + 16).append(s, 0, i);
        appendEscaped(b, s, i, keepNewlines);
        return b.toString();
    }

    /** Whether {@code c} (a UTF-16 unit) is shown escaped; surrogates are judged in pairs by {@link #text}. */
    public static boolean unsafe(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x061c || c == 0x200e || c == 0x200f
                || (c >= 0x2028 && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0xfeff;
    }

    private static int firstUnsafe(String s, boolean keepNewlines) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (keepNewlines && c == '\n') continue;
            if (unsafe(c) || (Character.isSurrogate(c) && !pairedAt(s, i))) return i;
            if (Character.isHighSurrogate(c)) i++; // a pair: skip its low half
        }
        return -1;
    }

    /** True when the surrogate at i is half of a well-formed pair. */
    private static boolean pairedAt(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    private static void appendEscaped(StringBuilder b, String s, int from, boolean keepNewlines) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (keepNewlines && c == '\n') {
                b.append(c);
            } else if (Character.isHighSurrogate(c) && pairedAt(s, i)) {
                b.append(c).append(s.charAt(++i));
            } else if (unsafe(c) || Character.isSurrogate(c)) {
                if (c <= 0xff) {
                    b.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                } else {
                    b.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf])
                            .append(HEX[c & 0xf]);
                }
            } else {
                b.append(c);
            }
        }
    }
}
