package org.tsnlat.rundir;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The content of {@code meta.json}, format {@value #FORMAT} version {@value #VERSION}. Written
 * when a run starts (with {@code end} null) and again when it ends; a run whose meta.json has no
 * {@code end} ended abruptly (killed, power loss) and its records are still readable.
 *
 * @param format    always {@value #FORMAT}
 * @param version   meta.json version, {@value #VERSION}
 * @param tool      tool name and version that wrote it
 * @param role      "run" (both sides here), "send" or "recv"
 * @param command   the command line's arguments
 * @param host      hostname, kernel and CPU count
 * @param config    the measurement's settings (what a re-run needs)
 * @param sessionId the probes' session id in hex (null until known for a receiver)
 * @param tuning    what scheduling, memory locking and PM QoS were in force, with notes on what was not
 * @param timestamping which kernel/NIC timestamps were enabled, per side
 * @param env       the environment snapshot of the receiving host (of the only host for a sender
 *                  alone), format tsnlat-env (docs/environment.md); null if it could not be taken
 * @param envSender the sending host's snapshot when it differs from {@code env} (a lab run: the
 *                  talker's namespace), else null
 * @param lab       the lab the run was made in (topology, shaping, namespaces), null outside a lab
 * @param load      the background load: what was asked and what it achieved, null without load
 * @param start     when it started
 * @param end       how it ended; null while running or after a crash
 * @param reverse   with {@code run --bidir}: the sub-directory (always {@code "reverse"}) holding the
 *                  opposite direction's stream, a run directory of its own; null (absent in files
 *                  from before the field) for a run in one direction
 * @param plan      with {@code --plan}: the host plan the run held to and its checks before the first
 *                  probe and at the end; null (absent) without it and in files from before the field
 * @param envDuring what the host did while the run measured: CPU times, interrupts, softirqs and the
 *                  threads on the measuring threads' CPUs between the end of the warm-up and the end
 *                  of the loops, format tsnlat-env-during (docs/environment.md); null (absent) until
 *                  the loops end and in files from before the field
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RunMeta(String format, @JsonProperty(required = true) int version, Tool tool, String role, List<String> command, Host host,
                      Config config, String sessionId, Tuning tuning, Map<String, String> timestamping,
                      JsonNode env, JsonNode envSender, JsonNode lab, JsonNode load, Start start, End end,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String reverse,
                      @JsonInclude(JsonInclude.Include.NON_NULL) Plan plan,
                      @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode envDuring) {
    public static final String FORMAT = "tsnlat-run";
    public static final int VERSION = 1;

    public record Tool(String name, String version) {}

    public record Host(String hostname, String kernel, int cpus) {}

    /**
     * @param clock       clock of the application timestamps (TAI or REALTIME)
     * @param periodNs    probe period
     * @param count       probes to send (sender) or to receive (receiver); -1 when not limited
     * @param durationNs  run length asked for; -1 when not limited
     * @param sizeBytes   UDP payload size of a probe
     * @param warmupNs    span from the first probe kept out of the main figures
     * @param destination where the sender sent (host:port), null for a receiver alone
     * @param bind        where the receiver listened (over layer 2: its interface and MAC), null for a sender alone
     * @param baseTimeNs  the sender's schedule origin, seq n is due at base + n * period
     * @param options     the options given on the command line that shape the measurement, each as
     *                    "--long-name value" (the value as typed; a flag alone), in the order given;
     *                    null in files from before the field
     */
    public record Config(String clock, @JsonProperty(required = true) long periodNs,
                         @JsonProperty(required = true) long count, @JsonProperty(required = true) long durationNs,
                         @JsonProperty(required = true) int sizeBytes, @JsonProperty(required = true) long warmupNs,
                         String destination, String bind, @JsonProperty(required = true) long baseTimeNs,
                         List<String> options,
                         @JsonInclude(JsonInclude.Include.NON_NULL) TxTime txtime,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Layer2 layer2) {
        /** Without SO_TXTIME launch times. */
        public Config(String clock, long periodNs, long count, long durationNs, int sizeBytes, long warmupNs,
                      String destination, String bind, long baseTimeNs, List<String> options) {
            this(clock, periodNs, count, durationNs, sizeBytes, warmupNs, destination, bind, baseTimeNs, options, null);
        }

        /** Over UDP. */
        public Config(String clock, long periodNs, long count, long durationNs, int sizeBytes, long warmupNs,
                      String destination, String bind, long baseTimeNs, List<String> options, TxTime txtime) {
            this(clock, periodNs, count, durationNs, sizeBytes, warmupNs, destination, bind, baseTimeNs, options, txtime, null);
        }
    }

    /**
     * Probes in Ethernet frames (--transport l2; docs/wire-format.md, "Layer 2 framing"); absent
     * over UDP. Each end's interface and MAC (null for an end not in this run), the EtherType
     * ("0x88B5"), and the sender's 802.1Q tag (vlan and pcp null without one).
     */
    public record Layer2(String etherType, Integer vlan, Integer pcp, String senderInterface, String senderMac,
                         String destinationMac, String receiverInterface, String receiverMac) {}

    /**
     * The sender's SO_TXTIME launch times (send and run --txtime): each probe asked to be launched
     * at its scheduled time + {@code offsetNs}, a deadline when {@code deadline}; absent without.
     */
    public record TxTime(@JsonProperty(required = true) long offsetNs, boolean deadline) {}

    public record Tuning(List<String> threads, String process, List<String> notes) {}

    public record Start(String wallTime, long clockNs) {}

    /** {@link End#reason()}: the count, the duration or the sender's end of session was reached. */
    public static final String COMPLETE = "complete";
    /** {@link End#reason()}: a signal (Ctrl-C, SIGTERM) stopped the run. */
    public static final String INTERRUPTED = "interrupted";
    /**
     * {@link End#reason()}: {@code --breaktrace} stopped the run at a probe late beyond its running
     * median by more than its span ({@link End#cause()} names the probe); an early end, not a failure.
     */
    public static final String BREAKTRACE = "breaktrace";
    /** {@link End#reason()}: the receiver stopped after a silence, without the sender's end of session. */
    public static final String SILENCE = "silence";
    /** {@link End#reason()}: the measurement failed ({@link End#cause()} says why); version 1 files may say "failed: CAUSE". */
    public static final String FAILED = "failed";

    /**
     * @param wallTime       when it ended
     * @param reason         {@value #COMPLETE}, {@value #INTERRUPTED}, {@value #BREAKTRACE}, {@value #SILENCE} or {@value #FAILED}
     * @param announcedTotal probes the sender said it sent (its end-of-session probe; in a run with both
     *                       ends here, the sender's own count), -1 if unknown
     * @param rejected       datagrams the receiver refused, by kind
     * @param pipeOverflows  records the hot loops could not hand to the writer (never silently lost: counted here)
     * @param sent           probes the sender sent, -1 for a receiver alone
     * @param notes          what the loops saw that the figures alone do not say (why sends were refused)
     * @param jvm            bytes each hot thread allocated and GCs from the end of the warm-up to the
     *                       end (they are written to allocate nothing); null if the warm-up never ended
     * @param cause          why a run failed, stopped at --breaktrace (the probe) or stopped after a silence,
     *                       one line; null otherwise
     * @param records        whole records written to each record file (by file name): a file holding
     *                       fewer was cut short afterwards; null in files written before this field
     * @param diskFull       recording stopped because the file system was full (null in files from before the field)
     * @param sendFailures   sends the kernel refused; -1 for a receiver alone (null: before the field)
     * @param reflectionsAnswered reflections that came back to the sender (proof that probes arrive);
     *                       -1 when none were asked for or for a receiver alone (null: before the field)
     * @param launchTimeDrops with --txtime: probes a launch-time qdisc (etf, taprio) dropped, as its
     *                       reports on the error queue said, by reason ({@value #MISSED}, {@value #INVALID});
     *                       absent without --txtime
     * @param frames         over layer 2, what the receiver's frames showed; absent over UDP
     */
    public record End(String wallTime, String reason, @JsonProperty(required = true) long announcedTotal,
                      Map<String, Long> rejected, @JsonProperty(required = true) long pipeOverflows,
                      @JsonProperty(required = true) long sent, List<String> notes, Map<String, Object> jvm, String cause,
                      Map<String, Long> records, Boolean diskFull, Long sendFailures, Long reflectionsAnswered,
                      @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Long> launchTimeDrops,
                      @JsonInclude(JsonInclude.Include.NON_NULL) Frames frames) {

        /** With launch-time drops, over UDP. */
        public End(String wallTime, String reason, long announcedTotal, Map<String, Long> rejected, long pipeOverflows,
                   long sent, List<String> notes, Map<String, Object> jvm, String cause, Map<String, Long> records,
                   Boolean diskFull, Long sendFailures, Long reflectionsAnswered, Map<String, Long> launchTimeDrops) {
            this(wallTime, reason, announcedTotal, rejected, pipeOverflows, sent, notes, jvm, cause, records, diskFull,
                    sendFailures, reflectionsAnswered, launchTimeDrops, null);
        }

        /** {@link #launchTimeDrops()}: the launch time passed before the packet could be sent. */
        public static final String MISSED = "missed";
        /** {@link #launchTimeDrops()}: the launch time or its clock was not acceptable to the qdisc. */
        public static final String INVALID = "invalid";

        /** Without launch-time drops (no --txtime). */
        public End(String wallTime, String reason, long announcedTotal, Map<String, Long> rejected, long pipeOverflows,
                   long sent, List<String> notes, Map<String, Object> jvm, String cause, Map<String, Long> records,
                   Boolean diskFull, Long sendFailures, Long reflectionsAnswered) {
            this(wallTime, reason, announcedTotal, rejected, pipeOverflows, sent, notes, jvm, cause, records, diskFull,
                    sendFailures, reflectionsAnswered, null);
        }

        /** Whether recording stopped because the disk was full (false in files from before the field). */
        @JsonIgnore
        public boolean filledDisk() {
            return Boolean.TRUE.equals(diskFull);
        }

        /** Whether the run failed (also in the "failed: CAUSE" form of early version 1 files). */
        @JsonIgnore
        public boolean failed() {
            return reason != null && reason.startsWith(FAILED);
        }

        /** Why it failed, stopped at --breaktrace or stopped on a silence, from either form. */
        @JsonIgnore
        public String why() {
            if (cause != null) return cause;
            if (reason != null && reason.startsWith(FAILED + ": ")) return reason.substring(FAILED.length() + 2);
            return null;
        }
    }

    /**
     * What a receiver of probes in Ethernet frames saw (--transport l2).
     *
     * @param byPcp      probes measured, by the 802.1Q priority they arrived with ("0" to "7"), or
     *                   "untagged"; only those seen
     * @param byVlan     probes measured that arrived tagged, by VLAN id (0: a priority tag); only those seen
     * @param otherFrames frames the receiving interface took in during the run beside the probes (and
     *                   anything else of their EtherType): kept out by the EtherType filter; -1 when its
     *                   counter could not be read
     */
    public record Frames(Map<String, Long> byPcp, Map<String, Long> byVlan, @JsonProperty(required = true) long otherFrames) {
        public Frames {
            byPcp = checked(byPcp, "byPcp", k -> k.equals("untagged") || k.matches("[0-7]"));
            byVlan = checked(byVlan, "byVlan", k -> k.matches("[0-9]{1,4}") && Integer.parseInt(k) <= 4095);
            if (otherFrames < -1) throw new IllegalArgumentException("field end.frames.otherFrames: below -1");
        }

        private static Map<String, Long> checked(Map<String, Long> m, String name, java.util.function.Predicate<String> key) {
            if (m == null) return Map.of();
            for (var e : m.entrySet()) {
                if (e.getKey() == null || !key.test(e.getKey()) || e.getValue() == null || e.getValue() < 0) {
                    throw new IllegalArgumentException("field end.frames." + name + ": entry " + e.getKey() + "=" + e.getValue()
                            + " is not one a run writes");
                }
            }
            return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(m));
        }
    }

    /** {@link PlanFinding#verdict()}: the item holds. */
    public static final String HELD = "held";
    /** {@link PlanFinding#verdict()}: the item does not hold; the evidence says what was found. */
    public static final String VIOLATED = "violated";
    /** {@link PlanFinding#verdict()}: the item could not be told; the evidence says why. */
    public static final String UNKNOWN = "unknown";

    /**
     * The host plan a run held to ({@code --plan}, docs/tune.md) and what its checks found.
     *
     * @param path   the plan file as given on the command line
     * @param sha256 the SHA-256 of the plan file's bytes when the run read it, hex
     * @param strict {@code --plan-strict}: a violation before the first probe refuses the run (exit 10)
     * @param before each item as found once the measuring threads were placed, before the first probe
     * @param end    each item as found when the loops had ended (their threads still there); null when
     *               the run ended before that check could be made (it failed or was killed)
     */
    public record Plan(String path, String sha256, boolean strict, List<PlanFinding> before, List<PlanFinding> end) {
        public Plan withEnd(List<PlanFinding> found) {
            return new Plan(path, sha256, strict, before, found);
        }
    }

    /**
     * One item of a plan as a check found it.
     *
     * @param item     the item as the plan names it ("thread tsnlat-rx", "IRQ eth0-rx-2")
     * @param verdict  {@value #HELD}, {@value #VIOLATED} or {@value #UNKNOWN}
     * @param evidence what was found (for a violated item each thing that differs), or why it cannot be told
     */
    public record PlanFinding(String item, String verdict, List<String> evidence) {}

    private static Plan checked(Plan p) {
        if (p == null) return null;
        if (p.path() == null) throw new IllegalArgumentException("field plan.path: missing");
        if (p.before() == null) throw new IllegalArgumentException("field plan.before: missing");
        return new Plan(p.path(), p.sha256(), p.strict(), checked(p.before(), "plan.before"),
                p.end() == null ? null : checked(p.end(), "plan.end"));
    }

    private static List<PlanFinding> checked(List<PlanFinding> findings, String field) {
        for (PlanFinding f : findings) {
            if (f == null || f.item() == null) throw new IllegalArgumentException("field " + field + ": an item missing");
            if (!java.util.Set.of(HELD, VIOLATED, UNKNOWN).contains(f.verdict())) {
                throw new IllegalArgumentException("field " + field + ": verdict '" + f.verdict() + "' of " + f.item()
                        + " is not held, violated or unknown");
            }
        }
        return findings.stream().map(f -> new PlanFinding(f.item(), f.verdict(), orEmpty(f.evidence(), field + ".evidence")))
                .toList();
    }

    /** The roles a run has. */
    public static final java.util.Set<String> ROLES = java.util.Set.of("run", "send", "recv");

    /**
     * This meta.json with what a report needs checked, and lists and maps that may be absent
     * (null) made empty; whatever is missing or impossible is named in the
     * IllegalArgumentException's message (one line: the field and why).
     */
    public RunMeta checked() {
        if (version < 1) throw new IllegalArgumentException("field version: missing or below 1");
        if (role == null || !ROLES.contains(role)) {
            throw new IllegalArgumentException("field role: " + (role == null ? "missing" : "'" + role + "' is not run, send or recv"));
        }
        if (config == null) throw new IllegalArgumentException("field config: missing");
        if (config.clock() == null) throw new IllegalArgumentException("field config.clock: missing");
        if (config.periodNs() < 0) throw new IllegalArgumentException("field config.periodNs: negative");
        if (config.warmupNs() < 0) throw new IllegalArgumentException("field config.warmupNs: negative");
        if (reverse != null && !RunDirectory.REVERSE.equals(reverse)) {
            throw new IllegalArgumentException("field reverse: '" + reverse + "' is not " + RunDirectory.REVERSE);
        }
        Tuning t = tuning == null ? null : new Tuning(orEmpty(tuning.threads(), "tuning.threads"),
                tuning.process() == null ? "" : tuning.process(), orEmpty(tuning.notes(), "tuning.notes"));
        End e = end;
        if (e != null) {
            if (e.reason() == null) throw new IllegalArgumentException("field end.reason: missing");
            if (!java.util.Set.of(COMPLETE, INTERRUPTED, BREAKTRACE, SILENCE, FAILED).contains(e.reason()) && !e.failed()) {
                throw new IllegalArgumentException("field end.reason: '" + e.reason() + "' is not one a run writes");
            }
            if (e.announcedTotal() < -1) throw new IllegalArgumentException("field end.announcedTotal: below -1");
            if ("run".equals(role) && e.sent() >= 0 && e.announcedTotal() > e.sent()) {
                throw new IllegalArgumentException("field end.announcedTotal: more than the " + e.sent() + " the run sent");
            }
            e = new End(e.wallTime(), e.reason(), e.announcedTotal(), e.rejected() == null ? Map.of() : e.rejected(),
                    Math.max(0, e.pipeOverflows()), e.sent(), orEmpty(e.notes(), "end.notes"), e.jvm(), e.cause(), e.records(), e.diskFull(),
                    e.sendFailures(), e.reflectionsAnswered(), e.launchTimeDrops(), e.frames());
            for (var r : e.rejected().entrySet()) {
                if (r.getKey() == null || r.getValue() == null) throw new IllegalArgumentException("field end.rejected: a null entry");
            }
        }
        return new RunMeta(format, version, tool, role, orEmpty(command, "command"), host, config, sessionId, t,
                timestamping == null ? Map.of() : timestamping, env, envSender, lab, load, start, e, reverse, plan, envDuring);
    }

    private static List<String> orEmpty(List<String> l, String field) {
        if (l == null) return List.of();
        for (String s : l) {
            if (s == null) throw new IllegalArgumentException("field " + field + ": holds null");
        }
        return l;
    }

    public RunMeta withEnd(End e) {
        return new RunMeta(format, version, tool, role, command, host, config, sessionId, tuning, timestamping, env,
                envSender, lab, load, start, e, reverse, plan, envDuring);
    }

    public RunMeta withSessionId(String id) {
        return new RunMeta(format, version, tool, role, command, host, config, id, tuning, timestamping, env, envSender,
                lab, load, start, end, reverse, plan, envDuring);
    }

    public RunMeta withConfig(Config c) {
        return new RunMeta(format, version, tool, role, command, host, c, sessionId, tuning, timestamping, env, envSender,
                lab, load, start, end, reverse, plan, envDuring);
    }

    public RunMeta withTuning(Tuning t, Map<String, String> ts) {
        return new RunMeta(format, version, tool, role, command, host, config, sessionId, t, ts, env, envSender, lab,
                load, start, end, reverse, plan, envDuring);
    }

    public RunMeta withEnvironment(JsonNode e, JsonNode eSender, JsonNode l) {
        return new RunMeta(format, version, tool, role, command, host, config, sessionId, tuning, timestamping, e,
                eSender, l, load, start, end, reverse, plan, envDuring);
    }

    public RunMeta withReverse(String subDirectory) {
        return new RunMeta(format, version, tool, role, command, host, config, sessionId, tuning, timestamping, env,
                envSender, lab, load, start, end, subDirectory, plan, envDuring);
    }

    public RunMeta withLoad(JsonNode l) {
        return new RunMeta(format, version, tool, role, command, host, config, sessionId, tuning, timestamping, env,
                envSender, lab, l, start, end, reverse, plan, envDuring);
    }

    public RunMeta withEnvDuring(JsonNode d) {
        return new RunMeta(format, version, tool, role, command, host, config, sessionId, tuning, timestamping, env,
                envSender, lab, load, start, end, reverse, plan, d);
    }

    public RunMeta withPlan(Plan p) {
        return new RunMeta(format, version, tool, role, command, host, config, sessionId, tuning, timestamping, env,
                envSender, lab, load, start, end, reverse, p, envDuring);
    }
}
