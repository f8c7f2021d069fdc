package org.tsnlat.lab;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The VM lab's guest, without a disk image: a Debian kernel and a small initramfs, made from
 * Debian packages into a cache and reused. The kernel comes from the package
 * {@code linux-image-<release>-amd64-unsigned} (the plain flavour: the cloud one has no 9p; or
 * the PREEMPT_RT one), fetched with {@code apt-get download} and unpacked with {@code dpkg-deb
 * -x}, never installed. The initramfs holds the host's static busybox (package busybox-static),
 * the modules for virtio-net, the virtio console and 9p with their dependencies (from the
 * package's modules.dep, made with {@code depmod -b}), and {@code /init} ({@link GuestInit}),
 * which mounts the host's root read-only over 9p and runs the host's own JDK and tsnlat.
 *
 * <p>Cached as {@code CACHE/<package>-<digest of the modules and /init>/} holding {@code vmlinuz}, {@code initramfs.cpio} and
 * {@code image.json}; made in a directory of its own and renamed into place, so a cache entry
 * is whole or absent. docs/lab.md, "The VM topology".
 */
public final class GuestImage {
    /** Where images are kept unless told otherwise (root only: the lab is root's). */
    public static final Path DEFAULT_CACHE = Path.of("/var/cache/tsnlat/guest");
    static final String KERNEL = "vmlinuz";
    static final String INITRAMFS = "initramfs.cpio";
    static final String DESCRIPTION = "image.json";
    /** The modules the guest loads, dependencies resolved from modules.dep and loaded first. */
    static final List<String> MODULES = List.of("virtio_pci", "virtio_net", "virtio_console", "9pnet_virtio", "9p", "overlay");
    private static final long DOWNLOAD_TIMEOUT_MS = 600_000;
    private static final long TOOL_TIMEOUT_MS = 120_000;
    private static final Pattern DEPENDS = Pattern.compile("Depends:\\s+(linux-image-\\S+)");

    /** Which kernel: Debian's generic one or its PREEMPT_RT build. */
    public enum Flavour {
        GENERIC("linux-image-amd64"),
        RT("linux-image-rt-amd64");

        final String metaPackage;

        Flavour(String metaPackage) {
            this.metaPackage = metaPackage;
        }

        public static Flavour parse(String text) {
            for (Flavour f : values()) {
                if (f.name().equalsIgnoreCase(text == null ? "" : text.trim())) return f;
            }
            throw new org.tsnlat.exit.UsageException("unknown guest kernel '" + text + "'; expected generic or rt");
        }
    }

    /**
     * A prepared guest.
     *
     * @param directory the cache entry
     * @param kernelPackage the Debian package the kernel came from, e.g. linux-image-6.1.0-54-amd64-unsigned
     * @param kernelRelease its {@code uname -r}, e.g. 6.1.0-54-amd64
     * @param modules the modules in the initramfs, in load order
     */
    public record Image(Path directory, @JsonProperty("kernelPackage") String kernelPackage,
                        @JsonProperty("kernelRelease") String kernelRelease, @JsonProperty("modules") List<String> modules) {
        public Path kernel() {
            return directory.resolve(KERNEL);
        }

        public Path initramfs() {
            return directory.resolve(INITRAMFS);
        }
    }

    private GuestImage() {
    }

    /** The image of this flavour's current kernel package in {@code cache}, making it first when absent. */
    public static Image prepare(Path cache, Flavour flavour, Consumer<String> progress) {
        requireTools();
        String pkg = kernelPackage(flavour);
        Path entry = cache.resolve(entryName(pkg));
        Optional<Image> have = read(entry);
        if (have.isPresent()) return have.get();
        progress.accept("making the guest image from " + pkg + " and busybox-static into " + entry + " (once)");
        Path work = null;
        try {
            Files.createDirectories(cache);
            work = Files.createTempDirectory(cache, ".making-");
            Exec.run(List.of("apt-get", "download", pkg), work, DOWNLOAD_TIMEOUT_MS);
            Path deb;
            try (Stream<Path> files = Files.list(work)) {
                deb = files.filter(p -> p.getFileName().toString().endsWith(".deb")).findFirst()
                        .orElseThrow(() -> new LabException("apt-get download " + pkg + " left no .deb file"));
            }
            Path root = work.resolve("root");
            Exec.run(List.of("dpkg-deb", "-x", deb.toString(), root.toString()), null, TOOL_TIMEOUT_MS);
            String release = release(root, pkg);
            Exec.run(List.of("depmod", "-b", root.toString(), release), null, TOOL_TIMEOUT_MS);
            Path modulesDir = root.resolve("lib/modules").resolve(release);
            List<String> order = loadOrder(Files.readString(modulesDir.resolve("modules.dep")), MODULES);
            Path tree = work.resolve("initramfs");
            Files.createDirectories(tree.resolve("bin"));
            Files.createDirectories(tree.resolve("modules"));
            Files.copy(busybox(), tree.resolve("bin/busybox"));
            tree.resolve("bin/busybox").toFile().setExecutable(true, false);
            List<String> names = new ArrayList<>();
            for (String m : order) {
                Path name = Path.of(m).getFileName();
                Files.copy(modulesDir.resolve(m), tree.resolve("modules").resolve(name));
                names.add(name.toString());
            }
            Files.writeString(tree.resolve("modules/order"), String.join("\n", names) + "\n");
            Path init = tree.resolve("init");
            Files.writeString(init, GuestInit.script());
            init.toFile().setExecutable(true, false);
            Path out = work.resolve("out");
            Files.createDirectories(out);
            cpio(tree, out.resolve(INITRAMFS));
            Files.copy(root.resolve("boot/vmlinuz-" + release), out.resolve(KERNEL));
            Image image = new Image(entry, pkg, release, names);
            StateFile.JSON.writerWithDefaultPrettyPrinter().writeValue(out.resolve(DESCRIPTION).toFile(), image);
            Files.move(out, entry, StandardCopyOption.ATOMIC_MOVE);
            progress.accept("guest image ready: kernel " + release + ", initramfs of " + Files.size(entry.resolve(INITRAMFS)) / 1024
                    + " KiB (" + names.size() + " modules)");
            return image;
        } catch (IOException e) {
            throw new LabException("cannot make the guest image in " + entry + ": " + e.getMessage(), e);
        } finally {
            if (work != null) deleteTree(work);
        }
    }

    /**
     * The cache entry's name: the kernel package and a digest of what else goes in (the module
     * list and /init), so a tsnlat whose guest differs makes its own entry instead of using an
     * older one.
     */
    static String entryName(String kernelPackage) {
        try {
            var sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update((String.join(" ", MODULES) + "\n" + GuestInit.script()).getBytes(StandardCharsets.UTF_8));
            return kernelPackage + "-" + java.util.HexFormat.of().formatHex(sha.digest(), 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
    }

    /** The image in {@code entry} when it is whole. */
    static Optional<Image> read(Path entry) {
        Path description = entry.resolve(DESCRIPTION);
        if (!Files.isRegularFile(description) || !Files.isRegularFile(entry.resolve(KERNEL))
                || !Files.isRegularFile(entry.resolve(INITRAMFS))) {
            return Optional.empty();
        }
        try {
            var n = StateFile.JSON.readTree(description.toFile());
            List<String> modules = new ArrayList<>();
            n.path("modules").forEach(m -> modules.add(m.asText()));
            return Optional.of(new Image(entry, n.path("kernelPackage").asText(), n.path("kernelRelease").asText(), modules));
        } catch (IOException e) {
            return Optional.empty(); // a damaged entry is made again
        }
    }

    /** The unsigned package of the kernel the flavour's meta-package depends on now. */
    static String kernelPackage(Flavour flavour) {
        String out;
        try {
            out = Exec.run(List.of("apt-cache", "depends", flavour.metaPackage));
        } catch (LabException e) {
            throw new LabException(e.getMessage() + " (the package lists may be missing: apt-get update)", e);
        }
        return signedToUnsigned(out, flavour.metaPackage);
    }

    /** From {@code apt-cache depends} of the meta-package: its kernel's package, unsigned. */
    static String signedToUnsigned(String aptCacheDepends, String metaPackage) {
        Matcher m = DEPENDS.matcher(aptCacheDepends);
        while (m.find()) {
            String dep = m.group(1);
            if (dep.matches("linux-image-\\d.*")) return dep.endsWith("-unsigned") ? dep : dep + "-unsigned";
        }
        throw new LabException("apt-cache depends " + metaPackage + " names no kernel package (apt-get update?)");
    }

    /** The one kernel release the unpacked package holds (its directory under lib/modules). */
    private static String release(Path root, String pkg) throws IOException {
        try (Stream<Path> d = Files.list(root.resolve("lib/modules"))) {
            List<String> releases = d.filter(Files::isDirectory).map(p -> p.getFileName().toString()).toList();
            if (releases.size() != 1) throw new LabException(pkg + " holds " + releases.size() + " kernel releases: " + releases);
            return releases.get(0);
        }
    }

    /**
     * The module files (paths relative to the release's directory) to load for {@code wanted},
     * each after its dependencies, none twice, from modules.dep ("path: dep dep ...", each
     * line's dependencies listed so that the last is loaded first).
     */
    static List<String> loadOrder(String modulesDep, List<String> wanted) {
        Map<String, List<String>> deps = new LinkedHashMap<>();
        Map<String, String> byName = new LinkedHashMap<>();
        for (String line : modulesDep.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) continue;
            String path = line.substring(0, colon).trim();
            String rest = line.substring(colon + 1).trim();
            deps.put(path, rest.isEmpty() ? List.of() : List.of(rest.split("\\s+")));
            byName.put(moduleName(path), path);
        }
        Set<String> order = new LinkedHashSet<>();
        for (String w : wanted) {
            String path = byName.get(w.replace('-', '_'));
            if (path == null) throw new LabException("the guest kernel has no module " + w + " (built in, or another flavour?)");
            if (!path.endsWith(".ko")) {
                throw new LabException("module " + path + " is compressed; busybox insmod loads only plain .ko files");
            }
            List<String> d = deps.get(path);
            for (int i = d.size() - 1; i >= 0; i--) order.add(d.get(i));
            order.add(path);
        }
        return List.copyOf(order);
    }

    /** {@code kernel/fs/9p/9p.ko} → {@code 9p}; dashes as underscores, as the kernel names modules. */
    static String moduleName(String path) {
        String f = Path.of(path).getFileName().toString();
        int dot = f.indexOf(".ko");
        return (dot < 0 ? f : f.substring(0, dot)).replace('-', '_');
    }

    /** The host's busybox, when it is the static one (the initramfs has no libc). */
    private static Path busybox() {
        String status;
        try {
            status = Exec.run(List.of("dpkg-query", "-W", "-f=${Status}", "busybox-static"));
        } catch (LabException e) {
            status = "";
        }
        Path bin = Path.of("/bin/busybox");
        if (!status.contains("install ok installed") || !Files.isExecutable(bin)) {
            throw new LabException("the guest image needs a static busybox: apt-get install busybox-static");
        }
        return bin;
    }

    /** The initramfs: every file under {@code tree}, as a newc cpio archive (cpio reads the names on its input). */
    private static void cpio(Path tree, Path archive) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> all = Files.walk(tree)) {
            all.filter(p -> !p.equals(tree)).sorted().forEach(p -> names.add(tree.relativize(p).toString()));
        }
        Process p = new ProcessBuilder("cpio", "--quiet", "-o", "-H", "newc", "-R", "0:0")
                .directory(tree.toFile()).redirectOutput(archive.toFile()).redirectErrorStream(false).start();
        try {
            p.getOutputStream().write((String.join("\n", names) + "\n").getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String err;
            try (InputStream e = p.getErrorStream()) {
                err = new String(e.readAllBytes(), StandardCharsets.UTF_8).strip();
            }
            if (p.waitFor() != 0) throw new LabException("cpio -o -H newc: " + (err.isEmpty() ? "exit " + p.exitValue() : err));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while packing the initramfs", e);
        }
    }

    private static void requireTools() {
        for (String tool : List.of("apt-get", "apt-cache", "dpkg-deb", "dpkg-query", "depmod", "cpio")) {
            Lab.requireTool(tool, "the guest image");
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover .making- directory is ignored by read() and removed by hand; never fatal
        }
    }
}
