package org.tsnlat.text;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The escaper over arbitrary strings: nothing invisible comes out, printable ASCII and ordinary text pass as they are. */
class UntrustedProperties {
    @Provide
    Arbitrary<String> hostile() {
        Arbitrary<Character> nasty = Arbitraries.of('\u001b', '\n', '\r', '\t', '\u0000', '\u007f', '\u0085', '\u009b',
                '\u202e', '\u2066', '\u2069', '\u200f', '\u061c', '\u2028', '\u2029', '\ufeff', '\ud800', '\udc00', '\\', 'a');
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withChars('[', '2', 'J', ';', 'x').withCharRange('\u0000', '\u00ff').ofMaxLength(40),
                nasty.list().ofMaxSize(30).map(l -> l.stream().map(String::valueOf).reduce("", String::concat)));
    }

    private static void nothingInvisible(String out, boolean newlinesKept) {
        for (int i = 0; i < out.length(); i++) {
            char c = out.charAt(i);
            if (newlinesKept && c == '\n') continue;
            assertThat(Untrusted.unsafe(c)).as("char %04x at %d of %s", (int) c, i, out).isFalse();
            if (Character.isHighSurrogate(c)) {
                assertThat(i + 1 < out.length() && Character.isLowSurrogate(out.charAt(i + 1))).isTrue();
                i++;
            } else {
                assertThat(Character.isLowSurrogate(c)).as("lone low surrogate at %d", i).isFalse();
            }
        }
    }

    @Property(tries = 2000)
    void textHasNoInvisibleCharacterAndNoLineBreak(@ForAll("hostile") String s) {
        String out = Untrusted.text(s);
        nothingInvisible(out, false);
        assertThat(Untrusted.text(out)).as("escaping is idempotent").isEqualTo(out);
    }

    @Property(tries = 2000)
    void linesKeepsExactlyTheLineBreaks(@ForAll("hostile") String s) {
        String out = Untrusted.lines(s);
        nothingInvisible(out, true);
        assertThat(out.chars().filter(c -> c == '\n').count()).isEqualTo(s.chars().filter(c -> c == '\n').count());
    }

    @Property(tries = 1000)
    void printableAsciiAndWholeUnicodeTextPassUnchanged(@ForAll("visible") String s) {
        assertThat(Untrusted.text(s)).isSameAs(s);
        assertThat(Untrusted.lines(s)).isSameAs(s);
    }

    @Provide
    Arbitrary<String> visible() {
        return Arbitraries.strings().withCharRange(' ', '~').withChars('é', 'ß', '中', 'ж').ofMaxLength(60);
    }

    @Test
    void eachKindIsWrittenVisibly() {
        assertThat(Untrusted.text("a\u001b[2Jb\nc\r\u007f\u009b\u202e\u2069\ud800")).isEqualTo(
                "a\\x1b[2Jb\\x0ac\\x0d\\x7f\\x9b\\u202e\\u2069\\ud800");
        assertThat(Untrusted.text("clock \uD83D\uDD52 ok")).isEqualTo("clock \uD83D\uDD52 ok"); // a whole pair stays
        assertThat(Untrusted.lines("one\u001b\ntwo\n")).isEqualTo("one\\x1b\ntwo\n");
    }
}
