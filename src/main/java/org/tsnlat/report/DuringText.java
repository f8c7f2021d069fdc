package org.tsnlat.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import org.tsnlat.env.EnvDuring;
import org.tsnlat.text.Untrusted;

/**
 * The summary's "during the run" lines, from meta.json's envDuring: steal by CPU, the softirqs and
 * interrupts that changed, and the threads besides tsnlat's own on each CPU of interest. Names from
 * the host (thread comms, IRQ action names) are escaped: any process may name its threads.
 */
final class DuringText {
    /** Items each line names at most; meta.json holds more. */
    private static final int SHOWN = 5;

    private DuringText() {}

    static void append(StringBuilder b, EnvDuring d) {
        if (d == null) return;
        if (d.noDeltas() != null || d.spanNs() == null) {
            b.append("during the run: ").append(Untrusted.text(d.noDeltas() != null ? d.noDeltas() : "no differences")).append('\n');
            return;
        }
        b.append(String.format(Locale.ROOT, "during the run (%.1f s, from %.1f s before the figures began to the loops' end;"
                + " meta.json envDuring):%n", d.spanNs() / 1e9,
                (d.startBeforeFiguresNs() == null ? 0 : d.startBeforeFiguresNs()) / 1e9));
        if (d.cpus() != null && !d.cpus().isEmpty()) {
            List<String> steal = new ArrayList<>();
            List<String> irq = new ArrayList<>();
            byCpu(d.cpus()).forEach((cpu, t) -> {
                steal.add(String.format(Locale.ROOT, "%s %.1f %%", Untrusted.text(cpu), t.stealPercent()));
                irq.add(String.format(Locale.ROOT, "%s %.0f/%.0f ms", Untrusted.text(cpu), t.irqMs(), t.softirqMs()));
            });
            b.append("  steal ").append(String.join(", ", steal)).append("; irq/softirq time ")
                    .append(String.join(", ", irq)).append('\n');
        }
        if (d.softirqs() != null && !d.softirqs().isEmpty()) {
            List<Map.Entry<String, SortedMap<String, Long>>> kinds = new ArrayList<>(d.softirqs().entrySet());
            kinds.sort((x, y) -> Long.compare(total(y.getValue()), total(x.getValue())));
            List<String> each = new ArrayList<>();
            kinds.subList(0, Math.min(SHOWN, kinds.size())).forEach(e -> each.add(Untrusted.text(e.getKey()) + counts(e.getValue())));
            b.append("  softirqs: ").append(String.join("; ", each)).append(more(kinds.size())).append('\n');
        }
        if (d.interrupts() != null && !d.interrupts().isEmpty()) {
            List<String> each = new ArrayList<>();
            d.interrupts().subList(0, Math.min(SHOWN, d.interrupts().size())).forEach(i -> each.add(Untrusted.text(i.irq())
                    + (i.name() == null || i.name().isEmpty() ? "" : " " + Untrusted.text(i.name())) + counts(i.byCpu())));
            int changed = d.interruptLinesChanged() != null ? d.interruptLinesChanged() : d.interrupts().size();
            b.append("  interrupts: ").append(String.join("; ", each)).append(more(changed)).append('\n');
        }
        if (d.threads() != null) byCpu(d.threads()).forEach((cpu, t) -> threads(b, d, cpu, t));
    }

    /** "threads on cpu1 besides tsnlat-tx (125.6 ms): ksoftirqd/1 (pid 22) 3.2 ms, ...; 11 more 11.7 ms". */
    private static void threads(StringBuilder b, EnvDuring d, String cpu, EnvDuring.CpuThreads t) {
        Map<String, Integer> ours = d.measuringThreads() == null ? Map.of() : d.measuringThreads();
        List<String> own = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (EnvDuring.ThreadTime x : t.top()) {
            if (ours.containsValue(x.tid())) {
                own.add(Untrusted.text(x.comm()) + String.format(Locale.ROOT, " %.1f ms", x.cpuMs()));
            } else if (others.size() < SHOWN) {
                others.add(Untrusted.text(x.comm()) + " (pid " + x.pid() + (x.tid() != x.pid() ? ", tid " + x.tid() : "")
                        + (x.rtPriority() > 0 ? ", " + Untrusted.text(x.policy()) + " " + x.rtPriority() : "")
                        + String.format(Locale.ROOT, ") %.1f ms", x.cpuMs()));
            }
        }
        int notShown = t.top().size() - own.size() - others.size() + t.others();
        b.append("  threads on ").append(Untrusted.text(cpu)).append(own.isEmpty() ? "" : " besides " + String.join(", ", own))
                .append(": ").append(others.isEmpty() ? "none" : String.join(", ", others))
                .append(notShown > 0 ? "; " + notShown + " more" : "")
                .append('\n');
    }

    /** The map in CPU order (cpu2 before cpu10). */
    private static <V> SortedMap<String, V> byCpu(SortedMap<String, V> m) {
        SortedMap<String, V> out = new java.util.TreeMap<>(EnvDuring.BY_CPU);
        out.putAll(m);
        return out;
    }

    /** " cpu0 401 cpu1 13773", CPU order. */
    private static String counts(SortedMap<String, Long> byCpu) {
        StringBuilder s = new StringBuilder();
        byCpu(byCpu).forEach((cpu, n) -> s.append(' ').append(Untrusted.text(cpu)).append(' ').append(n));
        return s.toString();
    }

    private static String more(int all) {
        return all > SHOWN ? " (" + (all - SHOWN) + " more in meta.json)" : "";
    }

    private static long total(Map<String, Long> m) {
        return m.values().stream().mapToLong(Long::longValue).sum();
    }
}
