package org.tsnlat.report.html;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Headless Chromium, for a PNG of a page ({@code report --format png}) and for the browser
 * tests ({@code --dump-dom}). Each call gets a fresh profile directory, removed afterwards, and
 * flags that keep Chromium off the network (the pages need none).
 */
public final class Chromium {
    /** The names Debian's and other distributions' packages install the browser under. */
    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");
    private static final long TIMEOUT_SECONDS = 120;

    private final Path executable;

    private Chromium(Path executable) {
        this.executable = executable;
    }

    /** The browser on {@code PATH}, or empty (then: apt-get install chromium). */
    public static Optional<Chromium> find() {
        return find(System.getenv("PATH"));
    }

    /** The browser on the given search path (a PATH value), or empty. */
    public static Optional<Chromium> find(String searchPath) {
        if (searchPath == null) return Optional.empty();
        for (String name : NAMES) {
            for (String dir : searchPath.split(File.pathSeparator)) {
                if (dir.isEmpty()) continue;
                Path p = Path.of(dir, name);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(new Chromium(p));
            }
        }
        return Optional.empty();
    }

    /** What to say when there is none. */
    public static final String MISSING = "needs Chromium to render the page, and none is installed: apt-get install chromium";

    /** Renders {@code page} (an HTML file) into {@code png}, {@code width} x {@code height} CSS pixels. */
    public void screenshot(Path page, Path png, int width, int height) throws IOException {
        screenshot(page.toAbsolutePath().toUri(), png, width, height);
    }

    /** As above, of a page's address: a file URI with a fragment ({@code report.html#seq=1500}). */
    public void screenshot(URI page, Path png, int width, int height) throws IOException {
        Path absolute = png.toAbsolutePath();
        Files.deleteIfExists(absolute);
        Output out = run(page, "--screenshot=" + absolute, "--window-size=" + width + "," + height,
                "--hide-scrollbars");
        if (!Files.exists(absolute) || Files.size(absolute) == 0) {
            throw new IOException("chromium wrote no screenshot (exit " + out.exitCode() + "): " + lastLines(out.stderr()));
        }
    }

    /** The page's DOM once it has run its scripts, and what Chromium logged (console messages included). */
    public Output dumpDom(Path page) throws IOException {
        return dumpDom(page.toAbsolutePath().toUri());
    }

    /** As above, of a page's address: a file URI with a fragment ({@code report.html#seq=1500}). */
    public Output dumpDom(URI page) throws IOException {
        return run(page, "--dump-dom", "--enable-logging=stderr", "--v=0");
    }

    /** @param stdout what it printed (the DOM for --dump-dom); @param stderr its log */
    public record Output(int exitCode, String stdout, String stderr) {}

    private Output run(URI page, String... extra) throws IOException {
        Path profile = Files.createTempDirectory("tsnlat-chromium-");
        Path stdout = profile.resolveSibling(profile.getFileName() + ".out");
        Path stderr = profile.resolveSibling(profile.getFileName() + ".err");
        List<String> cmd = new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile,
                "--virtual-time-budget=10000"));
        cmd.addAll(List.of(extra));
        cmd.add(page.toString());
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new IOException("chromium did not finish within " + TIMEOUT_SECONDS + " s");
            }
            return new Output(p.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while chromium ran", e);
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
            deleteTree(profile);
        }
    }

    private static String lastLines(String s) {
        List<String> l = s.lines().toList();
        return String.join(" / ", l.subList(Math.max(0, l.size() - 3), l.size()));
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a profile left in the temp directory is harmless
        }
    }
}
