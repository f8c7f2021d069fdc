package org.tsnlat.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;

/**
 * {@link Needs} seen from outside: sample classes run through the JUnit Platform's
 * EngineTestKit, with needs made missing by {@value NeedsCondition#PRETEND_MISSING}.
 */
class NeedsConditionTest {
    static final List<String> RAN = new CopyOnWriteArrayList<>();
    static final String LINUXPTP_REASON = "needs root, ptp4l and pmc (run the tests as root; apt-get install linuxptp)";

    /** Class-level needs: a test, a parameterized test and a nested class's test, with lifecycle methods. */
    @Needs({Need.ROOT, Need.PTP4L, Need.PMC})
    static class NeedsLinuxptp {
        @BeforeAll
        static void beforeAll() {
            RAN.add("beforeAll");
        }

        @AfterAll
        static void afterAll() {
            RAN.add("afterAll");
        }

        @AfterEach
        void afterEach() {
            RAN.add("afterEach");
        }

        @Test
        void one() {
            RAN.add("one");
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 2})
        void two(int i) {
            RAN.add("two" + i);
        }

        @Nested
        class Inner {
            @Test
            void three() {
                RAN.add("three");
            }
        }
    }

    /** Method-level needs beside a test that needs nothing. */
    static class MixedNeeds {
        @Test
        @Needs(Need.CHROMIUM)
        void needsChromium() {
            RAN.add("needsChromium");
        }

        @Test
        void needsNothing() {
            RAN.add("needsNothing");
        }

        @Test
        @Needs(Need.ROOT)
        void asRoot() {
            RAN.add("asRoot");
        }

        @Test
        @Needs(Need.NON_ROOT)
        void asUser() {
            RAN.add("asUser");
        }
    }

    @Test
    void missingClassNeedsSkipEveryTestWithTheReasonAndNoClassOrLifecycleMethod() {
        Run run = run(NeedsLinuxptp.class, false, "root, PTP4L,pmc");
        // the parameterized test is skipped as a whole (Surefire reports it as one test with the reason)
        run.results().testEvents().assertStatistics(s -> s.skipped(2).started(0));
        run.results().containerEvents().assertStatistics(s -> s.skipped(1).failed(0));
        assertThat(run.results().containerEvents().skipped().list().get(0).getTestDescriptor().getDisplayName())
                .isEqualTo("two(int)");
        assertThat(run.reasons()).containsOnly(Map.entry("one()", LINUXPTP_REASON),
                Map.entry("two(int)", LINUXPTP_REASON), Map.entry("three()", LINUXPTP_REASON));
        assertThat(RAN).isEmpty();
        assertThat(run.stdout().lines()).containsExactlyInAnyOrder(
                "SKIPPED NeedsLinuxptp.one: " + LINUXPTP_REASON,
                "SKIPPED NeedsLinuxptp.two: " + LINUXPTP_REASON,
                "SKIPPED Inner.three: " + LINUXPTP_REASON);
    }

    @Test
    void inStrictModeEachTestFailsWithTheReasonAndNoTestBodyRuns() {
        EngineExecutionResults r = run(NeedsLinuxptp.class, true, "ROOT,PTP4L,PMC").results();
        r.testEvents().assertStatistics(s -> s.skipped(0).started(4).failed(4));
        r.containerEvents().assertStatistics(s -> s.failed(0));
        assertThat(r.testEvents().failed().stream().map(NeedsConditionTest::failure))
                .hasSize(4).allSatisfy(t -> assertThat(t).isInstanceOf(AssertionError.class)
                        .hasMessage(LINUXPTP_REASON + " [TSNLAT_REQUIRE_ALL_TESTS=1: a missing need fails the test]"));
        assertThat(RAN).isEmpty();
    }

    @Test
    void methodNeedsDecideForThatMethodAlone() {
        Run run = run(MixedNeeds.class, false, "chromium");
        run.results().testEvents().assertStatistics(s -> s.started(2).succeeded(2).skipped(2));
        assertThat(run.reasons()).containsOnly(
                Map.entry("needsChromium()", "needs chromium (apt-get install chromium)"),
                Need.ROOT.met()
                        ? Map.entry("asUser()", "needs a user other than root (run the tests as an ordinary user)")
                        : Map.entry("asRoot()", "needs root (run the tests as root)"));
        assertThat(RAN).containsExactlyInAnyOrder("needsNothing", Need.ROOT.met() ? "asRoot" : "asUser");
        assertThat(run.stdout()).contains("SKIPPED MixedNeeds.needsChromium: needs chromium (apt-get install chromium)\n");
    }

    @Test
    void strictModeStillSkipsATestThatNeedsAnOrdinaryUser() {
        Run run = run(MixedNeeds.class, true, "ROOT,NON_ROOT,CHROMIUM");
        EngineExecutionResults r = run.results();
        r.testEvents().assertStatistics(s -> s.skipped(1).failed(2).succeeded(1));
        assertThat(run.reasons()).containsOnly(
                Map.entry("asUser()", "needs a user other than root (run the tests as an ordinary user)"));
        assertThat(r.testEvents().failed().stream().map(NeedsConditionTest::failure).map(Throwable::getMessage))
                .allMatch(m -> m.endsWith(" [TSNLAT_REQUIRE_ALL_TESTS=1: a missing need fails the test]"))
                .anyMatch(m -> m.startsWith("needs root (run the tests as root)"))
                .anyMatch(m -> m.startsWith("needs chromium (apt-get install chromium)"));
        assertThat(RAN).containsExactly("needsNothing");
    }

    @Test
    void aNeedThatIsThereRunsTheTestAndItsLifecycleMethods() {
        EngineExecutionResults r = run(NeedsLinuxptp.class, true, "").results();
        if (Need.ROOT.met() && Need.PTP4L.met() && Need.PMC.met()) {
            r.testEvents().assertStatistics(s -> s.succeeded(4));
            assertThat(RAN).startsWith("beforeAll").endsWith("afterAll").contains("one", "two1", "two2", "three")
                    .filteredOn("afterEach"::equals).hasSize(4);
        } else {
            r.testEvents().assertStatistics(s -> s.failed(4));
            assertThat(RAN).isEmpty();
        }
    }

    @Test
    void anUnknownNameToPretendMissingIsAnError() {
        EngineExecutionResults r = run(MixedNeeds.class, false, "ROOT,PTP").results();
        assertThat(r.testEvents().failed().stream().map(NeedsConditionTest::failure))
                .isNotEmpty().allSatisfy(t -> assertThat(t).hasMessageContaining("tsnlat.pretendMissing: no need 'PTP'"));
    }

    @Test
    void theReasonNamesEachNeedOnceAndEachPackageOnce() {
        assertThat(NeedsCondition.reason(List.of(Need.PTP4L, Need.PMC)))
                .isEqualTo("needs ptp4l and pmc (apt-get install linuxptp)");
        assertThat(NeedsCondition.reason(List.of(Need.IP, Need.TC, Need.CHROMIUM)))
                .isEqualTo("needs ip, tc and chromium (apt-get install iproute2 chromium)");
        assertThat(NeedsCondition.reason(List.of(Need.ROOT, Need.CPU_DMA_LATENCY, Need.SETPRIV)))
                .isEqualTo("needs root, /dev/cpu_dma_latency and setpriv (run the tests as root; "
                        + "a kernel with PM QoS (CONFIG_CPU_IDLE); apt-get install util-linux)");
    }

    /** What a run of a sample class gave, and what it printed. */
    record Run(EngineExecutionResults results, String stdout) {
        /** Skipped tests and parameterized tests by their display name, with the reason the report gets. */
        Map<String, String> reasons() {
            return results.allEvents().skipped().stream().collect(Collectors.toMap(
                    e -> e.getTestDescriptor().getDisplayName(), e -> e.getPayload(String.class).orElseThrow()));
        }
    }

    private static Run run(Class<?> testClass, boolean strict, String pretendMissing) {
        RAN.clear();
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                    .selectors(selectClass(testClass))
                    .configurationParameter(NeedsCondition.STRICT, Boolean.toString(strict))
                    .configurationParameter(NeedsCondition.PRETEND_MISSING, pretendMissing)
                    .execute();
            return new Run(results, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }

    private static Throwable failure(Event e) {
        assertThat(e.getType()).isEqualTo(EventType.FINISHED);
        return e.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable).orElseThrow();
    }
}
