package org.tsnlat.campaign;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.tsnlat.rundir.RunDirectoryException;

/**
 * A campaign directory's {@code index.json} (format {@value #FORMAT}, version {@value #VERSION}):
 * the plan it follows (name, SHA-256 of its text) and every run so far, with its state, its two
 * ends (agent, the agent's run id, exit code, the collected directory) and why it failed. The one
 * owner of that file: written whole after every change (a temporary file moved over it, so a kill
 * leaves the old or the new, never half); read at the start of a campaign to resume it.
 */
public record CampaignIndex(String format, int version, Plan plan, List<Run> runs, Compare compare) {
    public static final String FORMAT = "tsnlat-campaign-index";
    public static final int VERSION = 1;
    public static final String FILE = "index.json";

    /** The plan the campaign follows: a second invocation with another plan is refused. */
    public record Plan(String name, String sha256, String path) {}

    /** One end of a run: its agent, the agent's id of it, its exit code (null: not ended), its directory here. */
    public record End(String agent, String runId, Integer exit, String dir) {}

    /**
     * A run: {@code state} {@value #STARTED} (begun, not finished: an interrupted invocation's, done
     * again on resume), {@value #DONE} (both ends ended and collected; its exit code is the
     * receiver's), or {@value #FAILED} (with why; done again on resume).
     */
    public record Run(String id, String variant, String pair, int repetition, String state, String started,
                      String ended, End receiver, End sender, Long received, String why) {}

    /** The comparison written at the end (paths relative to the campaign directory), null before. */
    public record Compare(String text, String html, int runs) {}

    public static final String STARTED = "started";
    public static final String DONE = "done";
    public static final String FAILED = "failed";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES); // fields added within version 1

    public CampaignIndex {
        runs = runs == null ? new ArrayList<>() : new ArrayList<>(runs);
    }

    public static CampaignIndex fresh(Plan plan) {
        return new CampaignIndex(FORMAT, VERSION, plan, new ArrayList<>(), null);
    }

    /** The index in {@code dir}, or null when there is none. */
    public static CampaignIndex read(Path dir) {
        Path f = dir.resolve(FILE);
        if (!Files.exists(f)) return null;
        try {
            CampaignIndex i = JSON.readValue(f.toFile(), CampaignIndex.class);
            String damage = damage(i);
            if (damage != null) {
                throw new RunDirectoryException(f + ": damaged campaign index (" + damage
                        + "); move it away to start the campaign afresh");
            }
            if (!FORMAT.equals(i.format()) || i.version() != VERSION) {
                throw new RunDirectoryException(f + ": not a campaign index of version " + VERSION + " (format "
                        + i.format() + ", version " + i.version() + ")");
            }
            return i;
        } catch (IOException e) {
            throw new RunDirectoryException(f + ": damaged campaign index (" + org.tsnlat.exit.Reasons.of(e)
                    + "); move it away to start the campaign afresh");
        }
    }

    /** What makes {@code i} no index a campaign can resume from (a field it reads missing), or null. */
    private static String damage(CampaignIndex i) {
        if (i == null) return "null";
        if (i.plan() == null || i.plan().name() == null || i.plan().sha256() == null || i.plan().path() == null) {
            return "no plan, or a plan without its name, digest or path";
        }
        for (Run r : i.runs()) {
            if (r == null || r.id() == null) return "a run without its id";
            if (r.state() == null || !List.of(STARTED, DONE, FAILED).contains(r.state())) return "run " + r.id() + ": state " + r.state();
        }
        return null;
    }

    /** Writes it whole into {@code dir} (atomically). */
    public void write(Path dir) {
        Path tmp = dir.resolve(FILE + ".tmp");
        try {
            JSON.writeValue(tmp.toFile(), this);
            Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new RunDirectoryException(dir.resolve(FILE) + ": cannot write the campaign index ("
                    + org.tsnlat.exit.Reasons.of(e) + ")");
        }
    }

    /** The run of {@code id}, or null. */
    public Run run(String id) {
        return runs.stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
    }

    /** Replaces (or adds) the run of the same id. */
    public void put(Run r) {
        for (int i = 0; i < runs.size(); i++) {
            if (runs.get(i).id().equals(r.id())) {
                runs.set(i, r);
                return;
            }
        }
        runs.add(r);
    }

    public CampaignIndex withCompare(Compare c) {
        return new CampaignIndex(format, version, plan, runs, c);
    }
}
