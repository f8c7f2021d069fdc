package org.tsnlat.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tsnlat.sync.Phc2sysLine.Kind;

/** phc2sys's lines as linuxptp's phc2sys.c prints them (golden/phc2sys/): read, told apart, the broken ones skipped. */
class Phc2sysLineTest {
    /** The lines of a golden file, split at '\n' as the follower splits them (bytes decoded as UTF-8). */
    static List<String> golden(String name) throws Exception {
        byte[] b = Files.readAllBytes(Path.of(Phc2sysLineTest.class.getResource("/golden/phc2sys/" + name).toURI()));
        List<String> lines = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                lines.add(new String(b, from, i - from, StandardCharsets.UTF_8));
                from = i + 1;
            }
        }
        return lines;
    }

    private static List<Phc2sysLine> parsed(String name) throws Exception {
        return golden(name).stream().map(Phc2sysLine::parse).toList();
    }

    @Test
    void anOffsetLineOfMIsReadFieldByField() {
        assertThat(Phc2sysLine.parse("phc2sys[4216.339]: CLOCK_REALTIME phc offset     -1289 s2 freq   -1312 delay   1467"))
                .isEqualTo(new Phc2sysLine(Kind.OFFSET, "CLOCK_REALTIME", "phc", 2, -1289, -1312, 1467));
    }

    @Test
    void theStartOfASteeringIsS0ThenS1ThenS2() throws Exception {
        List<Phc2sysLine> p = parsed("m-realtime-from-phc.log");
        assertThat(p.getFirst()).isEqualTo(Phc2sysLine.OTHER); // Waiting for ptp4l...
        assertThat(p.subList(1, p.size())).extracting(Phc2sysLine::kind).containsOnly(Kind.OFFSET);
        assertThat(p.subList(1, 4)).extracting(Phc2sysLine::state).containsExactly(0, 1, 2);
        assertThat(p.get(1).offsetNs()).isEqualTo(37_000_000_412L);
        assertThat(p.getLast()).isEqualTo(new Phc2sysLine(Kind.OFFSET, "CLOCK_REALTIME", "phc", 2, -12, -1537, 1467));
    }

    @Test
    void automaticModeGivesEachClockItsLinesAndItsOtherMessagesAreOther() throws Exception {
        List<Phc2sysLine> p = parsed("m-automatic.log");
        assertThat(p.subList(0, 7)).containsOnly(Phc2sysLine.OTHER);
        assertThat(p.subList(7, p.size())).extracting(Phc2sysLine::clock)
                .containsExactly("eth1", "CLOCK_REALTIME", "eth1", "CLOCK_REALTIME", "eth1", "CLOCK_REALTIME", "eth1",
                        "CLOCK_REALTIME");
        assertThat(p.get(8)).isEqualTo(new Phc2sysLine(Kind.OFFSET, "CLOCK_REALTIME", "phc", 2, 1201, 23861, 1577));
    }

    @Test
    void theSystemClockAsSourceIsSysAndAPpsSourceHasNoDelay() throws Exception {
        List<Phc2sysLine> p = parsed("m-sys-and-pps-sources.log");
        assertThat(p.getFirst()).isEqualTo(new Phc2sysLine(Kind.OFFSET, "eth0", "sys", 2, -35, -4071, 2811));
        assertThat(p.get(3)).isEqualTo(new Phc2sysLine(Kind.OFFSET, "CLOCK_REALTIME", "pps", 0, -512, 0, -1));
        assertThat(p.get(4).state()).isEqualTo(1);
        assertThat(p.get(4).freqPpb()).isEqualTo(311);
    }

    @Test
    void aSummaryGivesItsMaxAsTheOffsetAndNoState() throws Exception {
        List<Phc2sysLine> p = parsed("m-summaries.log");
        assertThat(p.getFirst()).isEqualTo(new Phc2sysLine(Kind.SUMMARY, "CLOCK_REALTIME", null, -1, 27, -1533, 1455));
        assertThat(p.getLast()).isEqualTo(new Phc2sysLine(Kind.SUMMARY, "CLOCK_REALTIME", null, -1, 2351, -1410, -1));
    }

    @Test
    void aTagOrASyslogPrefixIsReadPastAndPtp4lsOwnLinesAreNotPhc2syss() throws Exception {
        List<Phc2sysLine> p = parsed("syslog-tagged-with-ptp4l.log");
        assertThat(p.get(0)).isEqualTo(new Phc2sysLine(Kind.OFFSET, "CLOCK_REALTIME", "phc", 2, -7, -1541, 1449));
        // ptp4l's summary and master offset lines look like phc2sys's but name no clock
        assertThat(p.get(1)).isEqualTo(Phc2sysLine.OTHER);
        assertThat(p.get(2)).isEqualTo(Phc2sysLine.OTHER);
        assertThat(p.get(3)).isEqualTo(new Phc2sysLine(Kind.OFFSET, "CLOCK_REALTIME", "phc", 2, 15, -1528, 1451));
        assertThat(p.get(4)).isEqualTo(new Phc2sysLine(Kind.OFFSET, "eth1", "phc", 3, -4, -412, 603));
        assertThat(p.get(5)).isEqualTo(Phc2sysLine.OTHER);
    }

    @Test
    void everyBrokenOrHostileLineIsSkipped() throws Exception {
        List<String> lines = golden("hostile.log");
        assertThat(lines).hasSize(21);
        for (String line : lines) {
            assertThat(Phc2sysLine.parse(line)).as(line).isEqualTo(Phc2sysLine.SKIPPED);
        }
    }

    @Test
    void aWholeLineStaysTakenWhenOnlyItsPrefixChanges() {
        String message = "CLOCK_REALTIME phc offset        31 s2 freq   -1535 delay   1460";
        for (String prefix : List.of("", "phc2sys[1.000]: ", "  ", "2026-12-02T07:07:24+00:00 h phc2sys[77]: [1.000] ")) {
            assertThat(Phc2sysLine.parse(prefix + message).kind()).as(prefix).isEqualTo(Kind.OFFSET);
        }
    }
}
