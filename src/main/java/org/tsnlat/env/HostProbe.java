package org.tsnlat.env;

import java.nio.file.Files;
import java.nio.file.Path;
import org.tsnlat.linux.Cpus;

/** The machine: name, CPU model and count, memory, and whether it is a virtual machine. */
final class HostProbe {
    private static final String K = "host.";

    private HostProbe() {
    }

    static EnvSnapshot.Host collect(Reads reads) {
        String cpuinfo = reads.file(K + "cpuModel", Path.of("/proc/cpuinfo"));
        String meminfo = reads.file(K + "memTotalKb", Path.of("/proc/meminfo"));
        String vendor = null;
        Path dmi = Path.of("/sys/class/dmi/id");
        if (Files.isDirectory(dmi)) {
            String v = reads.file(K + "systemVendor", dmi.resolve("sys_vendor"));
            String product = reads.optionalFile(K + "systemVendor", dmi.resolve("product_name"));
            vendor = v == null ? null : product == null ? v.trim() : (v.trim() + " " + product.trim());
        } else {
            reads.unreadable(K + "systemVendor", "no DMI (/sys/class/dmi/id)");
        }
        return new EnvSnapshot.Host(reads.file(K + "hostname", Path.of("/proc/sys/kernel/hostname")),
                cpuinfo == null ? null : field(cpuinfo, "model name"),
                Cpus.online(),
                meminfo == null ? null : kb(field(meminfo, "MemTotal")),
                meminfo == null ? null : kb(field(meminfo, "MemAvailable")),
                vendor,
                cpuinfo == null ? null : hasFlag(cpuinfo, "hypervisor"));
    }

    /** The value of the first "name : value" line, or null. */
    static String field(String text, String name) {
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static boolean hasFlag(String cpuinfo, String flag) {
        String flags = field(cpuinfo, "flags");
        return flags != null && (" " + flags + " ").contains(" " + flag + " ");
    }

    private static Long kb(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Long.valueOf(value.replace("kB", "").trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
