package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.record.PacketRecord;
import org.tsnlat.record.RecordFileReader;
import org.tsnlat.rundir.RunDirectory;
import org.tsnlat.sync.PtpSample;
import org.tsnlat.sync.SyncLog;
import org.tsnlat.text.Untrusted;

/**
 * Strings from a remote sender's sync datagrams (stored in sync.jsonl), from meta.json and from
 * run and snapshot files, made of ESC sequences, line breaks and bidi overrides, go through the
 * real commands: no control character reaches the terminal, report.txt's text, compare or env
 * diff; each shows escaped, and no line of the report can be forged.
 */
class HostileStringsTest {
    /** Clears the screen, sets the window title, forges a summary line, reverses text. */
    static final String HOSTILE = "X\u001b[2J\u001b]0;owned\u0007\nclock trust: 1 intervals of 1s: 1 trusted\r\u202eY\u009b";
    static final String ESCAPED = Untrusted.text(HOSTILE);

    @TempDir static Path runs;
    static Path original;
    @TempDir Path tmp;

    @BeforeAll
    static void aRun() {
        Cli c = Cli.run("run", "-n", "300", "-i", "1ms", "--warmup", "0", "--runs-dir", runs.toString(), "--no-live");
        assertThat(c.exitCode()).as(c.out() + c.err()).isZero();
        original = c.runDirectory();
    }

    /** Only line breaks may be control characters; nothing invisible at all. */
    static void noControlCharacter(String out) {
        for (int i = 0; i < out.length(); i++) {
            char c = out.charAt(i);
            if (c == '\n') continue;
            assertThat(Untrusted.unsafe(c)).as("char U+%04X at %d in:\n%s", (int) c, i, out).isFalse();
        }
        assertThat(out).doesNotContain("\nclock trust: 1 intervals of 1s: 1 trusted");
    }

    /** A copy of the run whose sync.jsonl holds hostile ptp4l samples (as a remote sender forwards them) and meta.json a hostile note. */
    private Path hostileRun(String name) throws IOException {
        Path d = RunCopies.copy(original, tmp.resolve(name));
        long firstRx;
        try (RecordFileReader r = RecordFileReader.open(d.resolve("rx.records"))) {
            PacketRecord rec = new PacketRecord();
            assertThat(r.next(rec)).isTrue();
            firstRx = rec.appRxNs;
        }
        String lines = SyncLog.line(new PtpSample("tx", firstRx + 1, true, null, HOSTILE, true, HOSTILE, 0, 0, 1)) + "\n"
                + SyncLog.line(PtpSample.failed("rx", firstRx + 2, HOSTILE)) + "\n";
        Files.writeString(d.resolve(SyncLog.FILE), lines, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        var meta = (ObjectNode) RunDirectory.json().readTree(d.resolve("meta.json").toFile());
        ((ArrayNode) meta.findValue("notes")).add(HOSTILE);
        Files.writeString(d.resolve("meta.json"), meta.toString());
        return d;
    }

    @Test
    void theReportOfARunWithHostileSyncSamplesAndNotesShowsThemEscaped() throws Exception {
        Path d = hostileRun("run");
        Cli r = Cli.run("report", d.toString());
        assertThat(r.out()).as(r.err()).contains("sender's ptp4l port " + ESCAPED)
                .contains("receiver's ptp4l not answering (" + ESCAPED + ")").contains("note: " + ESCAPED);
        noControlCharacter(r.out());
        noControlCharacter(r.err());
        Cli text = Cli.run("report", "--format", "text", d.toString()); // what report.txt holds
        assertThat(text.out()).contains(ESCAPED);
        noControlCharacter(text.out());
    }

    @Test
    void theHtmlReportEmbedsTheSummaryEscapedAndItsDataCannotLeaveTheScript() throws Exception {
        Path d = hostileRun("run");
        var meta = (ObjectNode) RunDirectory.json().readTree(d.resolve("meta.json").toFile());
        ((ArrayNode) meta.findValue("notes")).add("</script><script>alert(1)</script>\u2028"); // one more note
        Files.writeString(d.resolve("meta.json"), meta.toString());
        Cli r = Cli.run("report", "--format", "html", d.toString());
        assertThat(r.exitCode()).as(r.err()).isNotEqualTo(ExitCodes.FAILED);
        assertThat(r.out()).as("exit %d: %s", r.exitCode(), r.err()).isNotEmpty();
        String html = r.out();
        assertThat(html).doesNotContain("<script>alert(1)").doesNotContain("\u2028").doesNotContain("\u001b")
                .contains("\\\\x1b[2J"); // the summary's escape, inside JSON
        assertThat(html.split("</script>", -1).length).as("no script element ended early")
                .isEqualTo(html.split("<script", -1).length);
    }

    @Test
    void compareShowsHostileRunNamesAndMetaEscaped() throws Exception {
        Path a = hostileRun("a");
        Path b = RunCopies.copy(original, tmp.resolve("b\u001b[31m\u202e"));
        var meta = (ObjectNode) RunDirectory.json().readTree(b.resolve("meta.json").toFile());
        ((ObjectNode) meta.findParent("notes")).put("ended", HOSTILE);
        Files.writeString(b.resolve("meta.json"), meta.toString());
        Cli r = Cli.run("compare", "--html", tmp.resolve("compare.html").toString(), a.toString(), b.toString());
        assertThat(r.out()).as(r.err()).contains("b\\x1b[31m\\u202e");
        noControlCharacter(r.out());
        noControlCharacter(r.err());
    }

    @Test
    void envDiffShowsHostileSnapshotValuesEscaped() throws Exception {
        Cli show = Cli.run("env", "show", "--json");
        assertThat(show.exitCode()).as(show.err()).isZero();
        Path a = tmp.resolve("a.json");
        Path b = tmp.resolve("b.json");
        Files.writeString(a, show.out());
        var snap = (ObjectNode) RunDirectory.json().readTree(show.out());
        ((ObjectNode) snap.findParent("hostname")).put("hostname", HOSTILE);
        Files.writeString(b, snap.toString());
        Cli r = Cli.run("env", "diff", a.toString(), b.toString());
        assertThat(r.out()).as(r.err()).contains(ESCAPED);
        noControlCharacter(r.out());
    }
}
