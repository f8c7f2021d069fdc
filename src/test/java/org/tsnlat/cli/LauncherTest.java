package org.tsnlat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher ({@code ./tsnlat}) in a checkout of its own: the script and {@code bin/find-jdk}
 * copied beside a jar made here, whose main prints what the launcher gave it (arguments, JVM
 * flags, environment). It finds itself however it is called, runs a copy of the jar that follows
 * every new build, gives the measuring commands their settings, builds when a source is newer
 * than the jar, and makes its start-up caches once per jar.
 */
class LauncherTest {
    @TempDir Path checkout;
    @TempDir Path elsewhere;

    /** The main of the jar under the launcher: one line per fact, then the arguments. */
    private static final String SHOW = """
            public class Show {
                public static void main(String[] a) {
                    System.out.println("tag=" + Show.class.getPackageName() + TAG);
                    System.out.println("flags=" + java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
                    System.out.println("arena=" + System.getenv("MALLOC_ARENA_MAX"));
                    System.out.println("args=" + String.join(" ", a));
                }
                static final String TAG = "%s";
            }
            """;

    @BeforeEach
    void aCheckout() throws Exception {
        Files.createDirectories(checkout.resolve("bin"));
        Files.createDirectories(checkout.resolve("target"));
        for (String f : List.of("tsnlat", "bin/find-jdk")) {
            Files.copy(Path.of(f), checkout.resolve(f));
            checkout.resolve(f).toFile().setExecutable(true);
        }
        jar(checkout.resolve("target/tsnlat.jar"), "one");
    }

    /** A jar whose main prints the facts above, tagged {@code tag}. */
    private void jar(Path to, String tag) throws IOException {
        Path src = elsewhere.resolve("src-" + tag);
        Files.createDirectories(src);
        Files.writeString(src.resolve("Show.java"), SHOW.formatted(tag));
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", src.toString(),
                src.resolve("Show.java").toString());
        assertThat(rc).as("javac").isZero();
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Show");
        Path tmp = to.resolveSibling(to.getFileName() + ".new");
        try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream j = new JarOutputStream(out, m)) {
            j.putNextEntry(new JarEntry("Show.class"));
            j.write(Files.readAllBytes(src.resolve("Show.class")));
            j.closeEntry();
        }
        Files.move(tmp, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private record Ran(int exit, String out, String err) {
        String line(String key) {
            return out.lines().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + key + "= line in: " + out + err));
        }
    }

    private static Ran run(Path cwd, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
        pb.environment().remove("MALLOC_ARENA_MAX");
        pb.environment().remove("TSNLAT_AOT");
        pb.environment().putAll(env);
        Path out = Files.createTempFile(cwd.getFileSystem().getPath(System.getProperty("java.io.tmpdir")), "out", ".txt");
        Path err = Files.createTempFile(cwd.getFileSystem().getPath(System.getProperty("java.io.tmpdir")), "err", ".txt");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not end in 120 s: " + Files.readString(err));
            }
            return new Ran(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static final Map<String, String> NO_CACHE = Map.of("TSNLAT_AOT", "0");

    @Test
    void findsItselfHoweverItIsCalledAndGivesTheMeasuringCommandsTheirSettings() throws Exception {
        Path link = elsewhere.resolve("tsnlat-link");
        Files.createSymbolicLink(link, checkout.resolve("tsnlat"));
        List<Ran> ways = new ArrayList<>();
        ways.add(run(elsewhere, NO_CACHE, checkout.resolve("tsnlat").toString(), "report", "x y"));
        ways.add(run(elsewhere, NO_CACHE, link.toString(), "report", "x y"));
        ways.add(run(checkout, NO_CACHE, "./tsnlat", "report", "x y"));
        ways.add(run(checkout, NO_CACHE, "bash", "tsnlat", "report", "x y"));
        for (Ran r : ways) {
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.line("tag")).isEqualTo("one");
            assertThat(r.line("args")).isEqualTo("report x y");
            assertThat(r.line("flags")).contains("-XX:+UseSerialGC").doesNotContain("-Xmn16m");
            assertThat(r.line("arena")).isEqualTo("null");
        }
        assertThat(checkout.resolve("target/run/tsnlat.jar")).exists();

        Ran recv = run(elsewhere, NO_CACHE, link.toString(), "recv");
        assertThat(recv.line("flags")).contains("-XX:+UseSerialGC", "-Xmn16m", "-Xms32m");
        assertThat(recv.line("arena")).isEqualTo("2");
        Ran own = run(elsewhere, Map.of("TSNLAT_AOT", "0", "MALLOC_ARENA_MAX", "8"), link.toString(), "send");
        assertThat(own.line("arena")).as("a value of the caller's own stands").isEqualTo("8");
    }

    @Test
    void theJarItRunsFollowsEveryNewBuildEvenOneWithAnOlderTime() throws Exception {
        Path tsnlat = checkout.resolve("tsnlat");
        assertThat(run(elsewhere, NO_CACHE, tsnlat.toString()).line("tag")).isEqualTo("one");
        jar(checkout.resolve("target/tsnlat.jar"), "two");
        assertThat(run(elsewhere, NO_CACHE, tsnlat.toString()).line("tag")).isEqualTo("two");
        // a build restored from elsewhere may carry an older time than the copy: still another build
        jar(checkout.resolve("target/tsnlat.jar"), "six");
        Files.setLastModifiedTime(checkout.resolve("target/tsnlat.jar"), FileTime.fromMillis(1_000_000_000_000L));
        assertThat(run(elsewhere, NO_CACHE, tsnlat.toString()).line("tag")).isEqualTo("six");
    }

    @Test
    void aSourceNewerThanTheJarMakesItBuildAndAnOlderOneDoesNot() throws Exception {
        Path source = checkout.resolve("src/main/java/org/x/A.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "class A {}");
        Files.writeString(checkout.resolve("pom.xml"), "<project/>");
        FileTime old = FileTime.fromMillis(Files.getLastModifiedTime(checkout.resolve("target/tsnlat.jar")).toMillis() - 60_000);
        for (Path p : List.of(source, source.getParent(), source.getParent().getParent(), checkout.resolve("src/main/java"),
                checkout.resolve("src/main"), checkout.resolve("pom.xml"))) {
            Files.setLastModifiedTime(p, old);
        }
        Ran fresh = run(elsewhere, NO_CACHE, checkout.resolve("tsnlat").toString(), "report");
        assertThat(fresh.exit()).as(fresh.err()).isZero();
        assertThat(fresh.err()).doesNotContain("building");

        // a source edited after the build: the launcher builds (here with a bin/maven that says so and fails)
        Files.writeString(checkout.resolve("bin/maven"), "#!/bin/sh\necho maven was called >&2\nexit 1\n");
        checkout.resolve("bin/maven").toFile().setExecutable(true);
        Files.writeString(source, "class A { int b; }");
        Ran stale = run(elsewhere, NO_CACHE, checkout.resolve("tsnlat").toString(), "report");
        assertThat(stale.err()).contains("building").contains("maven was called").contains("build failed");
        assertThat(stale.exit()).isEqualTo(1);
        assertThat(stale.out()).doesNotContain("tag=");

        // TSNLAT_JAR (the VM lab's guest: the host's jar, a read-only checkout) runs that jar as it
        // is, whatever the sources say: no build, no copy
        Path given = elsewhere.resolve("given.jar");
        jar(given, "given");
        Ran asItIs = run(elsewhere, Map.of("TSNLAT_AOT", "0", "TSNLAT_JAR", given.toString()),
                checkout.resolve("tsnlat").toString(), "recv");
        assertThat(asItIs.exit()).as(asItIs.err()).isZero();
        assertThat(asItIs.err()).doesNotContain("maven was called");
        assertThat(asItIs.line("tag")).isEqualTo("given");
        assertThat(asItIs.line("flags")).as("still a measuring command's settings").contains("-Xmn16m");
        Ran none = run(elsewhere, Map.of("TSNLAT_JAR", elsewhere.resolve("no.jar").toString()),
                checkout.resolve("tsnlat").toString(), "recv");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("TSNLAT_JAR=" + elsewhere.resolve("no.jar") + " is no file");

        // a source removed (only its directory's time says so) is a change too
        Files.setLastModifiedTime(source, old);
        Files.delete(source);
        Ran removed = run(elsewhere, NO_CACHE, checkout.resolve("tsnlat").toString(), "report");
        assertThat(removed.err()).contains("maven was called");
    }

    @Test
    void startUpCachesAreMadeOncePerJarAndUsed() throws Exception {
        Path tsnlat = checkout.resolve("tsnlat");
        Ran first = run(elsewhere, Map.of(), tsnlat.toString(), "run");
        assertThat(first.err()).as(first.err()).contains("making the start-up caches").contains("start-up caches made");
        assertThat(first.line("flags")).contains("-XX:AOTCache=" + checkout.toRealPath().resolve("target/tsnlat-measuring.aot"));
        Ran second = run(elsewhere, Map.of(), tsnlat.toString(), "report");
        assertThat(second.err()).doesNotContain("making");
        assertThat(second.line("flags")).contains("-XX:AOTCache=" + checkout.toRealPath().resolve("target/tsnlat-reading.aot"));
        Path link = elsewhere.resolve("l");
        Files.createSymbolicLink(link, tsnlat);
        assertThat(run(checkout, Map.of(), "./tsnlat", "run").err()).as("called another way: the same caches")
                .doesNotContain("making");
        assertThat(run(elsewhere, Map.of(), link.toString(), "run").err()).doesNotContain("making");

        jar(checkout.resolve("target/tsnlat.jar"), "two");
        Ran rebuilt = run(elsewhere, Map.of(), tsnlat.toString(), "run");
        assertThat(rebuilt.err()).contains("making the start-up caches");
        assertThat(rebuilt.line("tag")).isEqualTo("two");
        assertThat(run(elsewhere, NO_CACHE, tsnlat.toString(), "run").line("flags")).doesNotContain("AOTCache");
    }
}
