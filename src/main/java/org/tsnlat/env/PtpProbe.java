package org.tsnlat.env;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * ptp4l and phc2sys processes (command line, -f config file, its uds_address) and the PTP
 * hardware clocks present (/dev/ptpN with /sys/class/ptp/ptpN/clock_name). Processes are keyed
 * by name, a second one of the same name as "#2" in pid order.
 */
final class PtpProbe {
    /** ptp4l's management socket when the configuration does not set uds_address. */
    static final String DEFAULT_UDS = "/var/run/ptp4l";
    private static final String K = "ptp.";

    private PtpProbe() {
    }

    static EnvSnapshot.Ptp collect(Reads reads) {
        SortedMap<String, EnvSnapshot.PtpProcess> processes = new TreeMap<>();
        List<Integer> pids = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"),
                p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path proc : procs) {
                pids.add(Integer.parseInt(proc.getFileName().toString()));
            }
        } catch (IOException e) {
            reads.unreadable(K + "processes", Reads.reason(e));
        }
        pids.sort(null);
        for (int pid : pids) {
            Path proc = Path.of("/proc", Integer.toString(pid));
            try {
                String comm = Reads.strip(Files.readString(proc.resolve("comm")));
                if (comm.equals("ptp4l") || comm.equals("phc2sys")) {
                    List<String> args = arguments(Files.readAllBytes(proc.resolve("cmdline")));
                    String key = IrqProbe.unique(processes, comm);
                    String config = option(args, "-f");
                    processes.put(key, new EnvSnapshot.PtpProcess(pid, String.join(" ", args), config,
                            comm.equals("ptp4l") ? udsAddress(config, K + "processes." + key + ".udsAddress", reads)
                                    : null));
                }
            } catch (IOException e) {
                // the process ended while we looked
            }
        }
        return new EnvSnapshot.Ptp(processes, devices(reads));
    }

    /** /proc/PID/cmdline: NUL-terminated arguments. */
    static List<String> arguments(byte[] cmdline) {
        List<String> args = new ArrayList<>();
        for (String a : new String(cmdline, StandardCharsets.UTF_8).split("\0")) {
            if (!a.isEmpty()) {
                args.add(a);
            }
        }
        return args;
    }

    /** The value after {@code flag}, or null. */
    static String option(List<String> args, String flag) {
        int i = args.indexOf(flag);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : null;
    }

    /** uds_address of a ptp4l configuration ("[global]" section); the default when unset. */
    static String udsAddress(String configFile, String key, Reads reads) {
        if (configFile == null) {
            return DEFAULT_UDS;
        }
        String text = reads.file(key, Path.of(configFile));
        if (text == null) {
            return null;
        }
        return udsAddressOf(text);
    }

    static String udsAddressOf(String config) {
        String section = "global";
        for (String raw : config.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).strip();
            } else if (section.equals("global") && line.startsWith("uds_address")) {
                String[] words = line.split("\\s+", 2);
                if (words[0].equals("uds_address") && words.length == 2) {
                    return words[1].strip();
                }
            }
        }
        return DEFAULT_UDS;
    }

    private static SortedMap<String, String> devices(Reads reads) {
        SortedMap<String, String> devices = new TreeMap<>();
        try (DirectoryStream<Path> dev = Files.newDirectoryStream(Path.of("/dev"), "ptp*")) {
            for (Path d : dev) {
                String name = d.getFileName().toString();
                Path clockName = Path.of("/sys/class/ptp", name, "clock_name");
                String value = Files.exists(clockName) ? reads.file(K + "devices." + name, clockName) : null;
                devices.put(name, value == null ? "" : value.trim());
            }
        } catch (IOException e) {
            reads.unreadable(K + "devices", Reads.reason(e));
        }
        return devices;
    }
}
