package org.tsnlat.explain;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of a tracefs instance's text output ({@code trace_pipe}), as tsnlat's flight recorder
 * copies it: {@code <comm>-<pid> [<cpu>] <flags> <seconds>.<micros>: <event>: <fields>}. The
 * owner of that format's parsing: the events tsnlat reads and their fields. Lines it cannot read
 * (headers, events it does not use, damage) are {@link Kind#OTHER}.
 */
final class TraceLine {
    enum Kind { SWITCH, WAKING, IRQ_ENTRY, IRQ_EXIT, SOFTIRQ_ENTRY, SOFTIRQ_EXIT, MARK, OTHER }

    private static final Pattern PREFIX = Pattern.compile("^\\s*(.+)-(\\d+)\\s+(?:\\(\\s*[-\\d]+\\)\\s+)?\\[(\\d+)\\]\\s+\\S+\\s+(\\d+)\\.(\\d{6}): (\\w+): (.*)$");
    private static final Pattern SWITCH = Pattern.compile("prev_comm=(.*) prev_pid=(\\d+) prev_prio=(\\d+) prev_state=(\\S+) ==> next_comm=(.*) next_pid=(\\d+) next_prio=(\\d+)\\s*$");
    private static final Pattern WAKING = Pattern.compile("comm=(.*) pid=(\\d+) prio=(\\d+) target_cpu=(\\d+)\\s*$");
    private static final Pattern IRQ_ENTRY = Pattern.compile("irq=(\\d+) name=(.*)$");
    private static final Pattern IRQ_EXIT = Pattern.compile("irq=(\\d+) ret=.*$");
    private static final Pattern SOFTIRQ = Pattern.compile("vec=(\\d+) \\[action=(\\w+)\\]\\s*$");
    private static final Pattern MARK = Pattern.compile("(tsnlat-\\w+) (\\d{1,18})\\s*$");

    Kind kind = Kind.OTHER;
    private Matcher prefix;
    long timeNs;
    int cpu;
    /** SWITCH: the task switched in; WAKING: the task woken; IRQ: the handler's name; SOFTIRQ: the vector's name; MARK: the tag. */
    String name;
    /** SWITCH: the next task's pid; WAKING: the woken task's; IRQ: its number; MARK: the sequence number. */
    long number;
    /** SWITCH: the next task's kernel priority (0-99 real-time, 100-139 normal). */
    int prio;
    /** SWITCH: the task switched out, and whether it went to sleep (not preempted). */
    String prevName;
    long prevPid;
    boolean prevBlocked;
    /**
     * Any line: the task that was running when the event was recorded (a MARK's writer, an
     * interrupt's victim), by comm and pid. The kernel does not trace every switch (not the idle
     * task's to a task it woke, on this one): these say who ran all the same.
     */
    String comm;
    long pid;

    /** Reads only the time and CPU of any event line into this; false for a header or a damaged line. */
    boolean parseTime(String line) {
        kind = Kind.OTHER;
        if (line.isEmpty() || line.charAt(0) == '#') return false;
        Matcher m = PREFIX.matcher(line);
        if (!m.matches()) return false;
        prefix = m;
        try {
            comm = m.group(1).strip();
            pid = Long.parseLong(m.group(2));
            cpu = Integer.parseInt(m.group(3));
            timeNs = Math.multiplyExact(Long.parseLong(m.group(4)), 1_000_000_000L) + Long.parseLong(m.group(5)) * 1_000L;
            return true;
        } catch (ArithmeticException | NumberFormatException e) {
            return false;
        }
    }

    /** Reads {@code line} into this; false (kind OTHER) when it is not one of the events used. */
    boolean parse(String line) {
        if (!parseTime(line)) return false;
        Matcher m = prefix;
        String event = m.group(6);
        String fields = m.group(7);
        Matcher f;
        switch (event) {
            case "sched_switch" -> {
                if (!(f = SWITCH.matcher(fields)).matches()) return false;
                prevName = f.group(1);
                prevPid = Long.parseLong(f.group(2));
                // R, R+: preempted, still runnable; anything else (S, D, I, ...): it went to sleep
                prevBlocked = !f.group(4).startsWith("R");
                name = f.group(5);
                number = Long.parseLong(f.group(6));
                prio = Integer.parseInt(f.group(7));
                kind = Kind.SWITCH;
            }
            case "sched_waking" -> {
                if (!(f = WAKING.matcher(fields)).matches()) return false;
                name = f.group(1);
                number = Long.parseLong(f.group(2));
                prio = Integer.parseInt(f.group(3));
                kind = Kind.WAKING;
            }
            case "irq_handler_entry" -> {
                if (!(f = IRQ_ENTRY.matcher(fields)).matches()) return false;
                number = Long.parseLong(f.group(1));
                name = f.group(2);
                kind = Kind.IRQ_ENTRY;
            }
            case "irq_handler_exit" -> {
                if (!(f = IRQ_EXIT.matcher(fields)).matches()) return false;
                number = Long.parseLong(f.group(1));
                kind = Kind.IRQ_EXIT;
            }
            case "softirq_entry", "softirq_exit" -> {
                if (!(f = SOFTIRQ.matcher(fields)).matches()) return false;
                number = Long.parseLong(f.group(1));
                name = f.group(2);
                kind = event.equals("softirq_entry") ? Kind.SOFTIRQ_ENTRY : Kind.SOFTIRQ_EXIT;
            }
            case "tracing_mark_write" -> {
                if (!(f = MARK.matcher(fields)).find()) return false;
                name = f.group(1);
                number = Long.parseLong(f.group(2));
                kind = Kind.MARK;
            }
            default -> {
                return false;
            }
        }
        return true;
    }
}
