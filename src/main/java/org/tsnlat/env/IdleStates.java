package org.tsnlat.env;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The cpuidle states of each CPU, /sys/devices/system/cpu/cpuN/cpuidle/stateK/{name,latency,disable}:
 * how deep a CPU may sleep and how long it takes to wake from there. When every CPU has the same
 * states they are kept once, under {@value #ALL}.
 */
final class IdleStates {
    /** The key of the states every CPU shares. */
    static final String ALL = "all";
    private static final Pattern CPU_DIR = Pattern.compile("cpu(\\d+)");
    private static final Pattern STATE_DIR = Pattern.compile("state\\d+");
    private static final String K = "kernel.cpuidleStates";

    private IdleStates() {
    }

    /** The states under {@code cpuRoot} (/sys/devices/system/cpu); null, and why, without cpuidle. */
    static SortedMap<String, SortedMap<String, EnvSnapshot.IdleState>> collect(Path cpuRoot, Reads reads) {
        SortedMap<String, SortedMap<String, EnvSnapshot.IdleState>> byCpu = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(cpuRoot)) {
            for (Path cpu : dirs.filter(d -> CPU_DIR.matcher(d.getFileName().toString()).matches()).toList()) {
                Path idle = cpu.resolve("cpuidle");
                if (!Files.isDirectory(idle)) continue;
                SortedMap<String, EnvSnapshot.IdleState> states = new TreeMap<>();
                try (Stream<Path> s = Files.list(idle)) {
                    for (Path state : s.filter(d -> STATE_DIR.matcher(d.getFileName().toString()).matches()).toList()) {
                        String key = K + "." + cpu.getFileName() + "." + state.getFileName();
                        String disable = reads.optionalFile(key + ".disabled", state.resolve("disable"));
                        Integer latency = reads.intFile(key + ".latencyUs", state.resolve("latency"));
                        states.put(state.getFileName().toString(), new EnvSnapshot.IdleState(
                                reads.file(key + ".name", state.resolve("name")),
                                latency == null ? null : latency.longValue(),
                                disable == null ? null : !"0".equals(disable.strip())));
                    }
                }
                byCpu.put(cpu.getFileName().toString(), states);
            }
        } catch (IOException e) {
            reads.unreadable(K, Reads.reason(e));
            return null;
        }
        if (byCpu.isEmpty()) {
            reads.unreadable(K, "no cpuidle");
            return null;
        }
        return collapsed(byCpu);
    }

    /** The states once, under {@value #ALL}, when every CPU has the same; else as given. */
    static <S> SortedMap<String, S> collapsed(SortedMap<String, S> byCpu) {
        if (!byCpu.isEmpty() && byCpu.values().stream().distinct().count() == 1) {
            return new TreeMap<>(Map.of(ALL, byCpu.get(byCpu.firstKey())));
        }
        return byCpu;
    }
}
