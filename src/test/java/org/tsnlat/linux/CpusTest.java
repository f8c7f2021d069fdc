package org.tsnlat.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class CpusTest {

    @Property
    void formattedListsParseBackToTheSameCpus(
            @ForAll @Size(max = 40) Set<@IntRange(min = 0, max = 300) Integer> cpus) {
        BitSet bits = new BitSet();
        cpus.forEach(bits::set);
        assertThat(Cpus.parseList(Cpus.formatList(bits))).isEqualTo(bits);
    }

    @Property
    void formattingIsCanonicalWhateverTheInputSpelling(
            @ForAll @Size(max = 40) Set<@IntRange(min = 0, max = 300) Integer> cpus) {
        BitSet bits = new BitSet();
        cpus.forEach(bits::set);
        StringBuilder oneByOne = new StringBuilder();
        cpus.forEach(cpu -> oneByOne.append(oneByOne.isEmpty() ? "" : ", ").append(cpu));
        assertThat(Cpus.formatList(Cpus.parseList(oneByOne.toString())))
                .isEqualTo(Cpus.formatList(bits));
    }

    @Test
    void parsesRangesAndSingles() {
        BitSet expected = new BitSet();
        expected.set(0, 4);
        expected.set(6);
        assertThat(Cpus.parseList("0-3,6")).isEqualTo(expected);
        assertThat(Cpus.parseList(" 6 , 0-3 ")).isEqualTo(expected);
        assertThat(Cpus.formatList(expected)).isEqualTo("0-3,6");
    }

    @Test
    void blankMeansNoCpuAndFormatsAsEmpty() {
        assertThat(Cpus.parseList("")).isEqualTo(new BitSet());
        assertThat(Cpus.formatList(new BitSet())).isEmpty();
    }

    @Test
    void twoNeighboursFormatAsARange() {
        assertThat(Cpus.formatList(Cpus.parseList("2,3"))).isEqualTo("2-3");
    }

    @Test
    void rejectsBadItemsNamingThem() {
        for (String bad : new String[] {"a", "1-", "-1", "3-1", "1,,2", "0-99999", "1.5"}) {
            assertThatThrownBy(() -> Cpus.parseList(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
    }
}
