package org.tsnlat.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * SeqTracker agrees with a naive HashSet reference on sequences with gaps, duplicates and
 * reorderings, with and without an announced total (including trailing loss), for windows
 * small enough that some probes fall behind them and large enough that none do.
 */
class SeqTrackerMatchesNaiveReferenceTest {

    /** Per sequence number: 0 = lost, 1 = duplicated, 2 = sent three times, else once. */
    @Provide
    Arbitrary<List<Integer>> fates() {
        return Arbitraries.integers().between(0, 15).list().ofMinSize(0).ofMaxSize(3000);
    }

    @Property(tries = 300)
    void countsEqualTheNaiveReference(
            @ForAll("fates") List<Integer> fates,
            @ForAll @IntRange(min = 0, max = 300) int maxShift,
            @ForAll("windowBits") int windowBits,
            @ForAll @IntRange(min = -1, max = 50) int trailingLoss,
            @ForAll Random random) {
        List<Long> arrivals = arrivals(fates, maxShift, random);
        SeqTracker tracker = new SeqTracker(windowBits);
        NaiveTracker naive = new NaiveTracker(1L << windowBits);
        for (long seq : arrivals) {
            assertThat(tracker.accept(seq)).as("flags of seq %d", seq).isEqualTo(naive.accept(seq));
        }
        if (trailingLoss >= 0) {
            long total = fates.size() + trailingLoss;
            tracker.end(total);
            naive.announced = total;
        }
        assertThat(tracker.counts()).isEqualTo(naive.counts());
    }

    @Provide
    Arbitrary<Integer> windowBits() {
        return Arbitraries.of(6, 8, SeqTracker.DEFAULT_WINDOW_BITS);
    }

    /** In-order arrivals of 0..n-1 as the fates say, then locally shuffled. */
    static List<Long> arrivals(List<Integer> fates, int maxShift, Random random) {
        List<Long> arrivals = new ArrayList<>();
        for (int seq = 0; seq < fates.size(); seq++) {
            int copies = switch (fates.get(seq)) {
                case 0 -> 0;
                case 1 -> 2;
                case 2 -> 3;
                default -> 1;
            };
            for (int c = 0; c < copies; c++) {
                arrivals.add((long) seq);
            }
        }
        for (int i = 0; i < arrivals.size() && maxShift > 0; i++) {
            int j = Math.min(arrivals.size() - 1, i + random.nextInt(maxShift + 1));
            Collections.swap(arrivals, i, j);
        }
        return arrivals;
    }

    /** The obvious implementation: a set of every sequence number ever seen. */
    static final class NaiveTracker {
        final long windowSize;
        final Set<Long> seen = new HashSet<>();
        long highest = -1;
        long duplicates;
        long reordered;
        long tooOld;
        long announced = -1;

        NaiveTracker(long windowSize) {
            this.windowSize = windowSize;
        }

        int accept(long seq) {
            if (seq <= highest && highest - seq >= windowSize) {
                tooOld++;
                return SeqTracker.DUPLICATE | SeqTracker.TOO_OLD;
            }
            if (!seen.add(seq)) {
                duplicates++;
                return SeqTracker.DUPLICATE;
            }
            if (seq < highest) {
                reordered++;
                return SeqTracker.REORDERED;
            }
            highest = seq;
            return SeqTracker.IN_ORDER;
        }

        PacketCounts counts() {
            long expected = announced >= 0 ? announced : highest + 1;
            long received = seen.size();
            return new PacketCounts(received, duplicates, reordered, Math.max(0, expected - received),
                    expected, announced >= 0, tooOld);
        }
    }
}
