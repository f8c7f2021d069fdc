package org.tsnlat.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.tsnlat.linux.Scheduling;
import org.tsnlat.report.html.Chromium;

/**
 * Something a test needs from the machine it runs on: root, a tool from a Debian package, a
 * kernel device. Each knows how to check itself and what to do when it is missing; see
 * {@link Needs} and docs/testing.md.
 */
public enum Need {
    /** Effective user id 0: network namespaces, SCHED_FIFO, setpriv, /dev/cpu_dma_latency. */
    ROOT("root", null, "run the tests as root", () -> Scheduling.geteuid() == 0),
    /** The opposite, for the tests of what tsnlat says to an ordinary user; never required in CI. */
    NON_ROOT("a user other than root", null, "run the tests as an ordinary user", () -> Scheduling.geteuid() != 0),
    IP("ip", "iproute2", "/usr/sbin/ip"),
    TC("tc", "iproute2", "/usr/sbin/tc"),
    PTP4L("ptp4l", "linuxptp", "/usr/sbin/ptp4l"),
    PMC("pmc", "linuxptp", "/usr/sbin/pmc"),
    SETPRIV("setpriv", "util-linux", "/usr/bin/setpriv"),
    /** Started by the tests only with {@code -x} (never touches the clock), on a socket of their own. */
    CHRONYD("chronyd", "chrony", "/usr/sbin/chronyd"),
    CHRONYC("chronyc", "chrony", "/usr/bin/chronyc"),
    /** Found the way {@code report --format png} finds it: chromium (or chromium-browser, google-chrome) on PATH. */
    CHROMIUM("chromium", "chromium", null, () -> Chromium.find().isPresent()),
    /** A terminal multiplexer: the live view on a real terminal, its screen captured between rewrites. */
    TMUX("tmux", "tmux", "/usr/bin/tmux"),
    /** The VM lab's hypervisor (TCG here; KVM where the CPU has VMX/SVM). */
    QEMU("qemu-system-x86_64", "qemu-system-x86", "/usr/bin/qemu-system-x86_64"),
    /** The VM lab's guest image: a static busybox (the dynamic one conflicts), depmod, cpio. */
    BUSYBOX_STATIC("busybox-static", "busybox-static", null, () -> installed("busybox-static")),
    DEPMOD("depmod", "kmod", "/usr/sbin/depmod"),
    CPIO("cpio", "cpio", "/usr/bin/cpio"),
    /** A real Prometheus server, started by the metrics tests on loopback with a configuration of their own. */
    PROMETHEUS("prometheus", "prometheus", "/usr/bin/prometheus"),
    /** A packet capture of the layer-2 probes (their tag and priority as the wire carried them). */
    TCPDUMP("tcpdump", "tcpdump", "/usr/bin/tcpdump"),
    /** The kernel's PM QoS device (CONFIG_CPU_IDLE); writing it takes {@link #ROOT} as well. */
    CPU_DMA_LATENCY("/dev/cpu_dma_latency", null, "a kernel with PM QoS (CONFIG_CPU_IDLE)",
            () -> Files.exists(Path.of("/dev/cpu_dma_latency")));

    private final String what;
    private final String debianPackage;
    private final String otherwise;
    private final BooleanSupplier check;

    /** A tool: an executable file at its Debian path or in a directory of PATH. */
    Need(String tool, String debianPackage, String debianPath) {
        this(tool, debianPackage, null, () -> executable(Path.of(debianPath)) || onPath(tool));
    }

    Need(String what, String debianPackage, String otherwise, BooleanSupplier check) {
        this.what = what;
        this.debianPackage = debianPackage;
        this.otherwise = otherwise;
        this.check = check;
    }

    /** Whether this machine has it, now. */
    public boolean met() {
        return check.getAsBoolean();
    }

    /** What is needed, as a reason says it: "root", "ptp4l". */
    public String what() {
        return what;
    }

    /** The Debian package that brings it ({@code apt-get install} it), or null for root and kernel features. */
    public String debianPackage() {
        return debianPackage;
    }

    /** What to do without it when no package brings it, or null. */
    public String otherwise() {
        return otherwise;
    }

    /** Whether dpkg says the package is installed. */
    private static boolean installed(String debianPackage) {
        try {
            Process p = new ProcessBuilder("dpkg-query", "-W", "-f=${Status}", debianPackage).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return p.waitFor() == 0 && out.contains("install ok installed");
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && executable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static boolean executable(Path file) {
        return Files.isRegularFile(file) && Files.isExecutable(file);
    }
}
