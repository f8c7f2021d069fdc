package org.tsnlat.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.testing.Need;
import org.tsnlat.testing.Needs;

/** collect() as user nobody, in a child JVM: completes, and says what it could not read. */
class EnvCollectorWithoutRootTest {
    @TempDir Path temp;

    @Test
    @Needs({Need.ROOT, Need.SETPRIV}) // root, to switch to user nobody
    void unprivilegedSnapshotCompletesAndNamesPmQosAsUnreadable() throws Exception {
        String classpath = worldReadableCopy(System.getProperty("java.class.path"));
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                java, "--enable-native-access=ALL-UNNAMED", "-XX:-UsePerfData", "-cp", classpath,
                PrintSnapshotMain.class.getName(), "lo")
                .directory(temp.toFile()).redirectError(temp.resolve("stderr").toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(temp.resolve("stderr"))).isZero();

        EnvSnapshot s = EnvJson.fromTree(EnvJson.mapper().readTree(out), temp);
        assertThat(s.kernel().release()).isNotBlank();
        assertThat(s.net()).containsKey("lo");
        assertThat(s.unreadable()).containsEntry("pmqos.cpuDmaLatencyUs", "permission denied");
    }

    /** Copies every class path entry under the temp dir with permissions user nobody can read. */
    private String worldReadableCopy(String classpath) throws IOException {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> copies = new ArrayList<>();
        int n = 0;
        for (String entry : classpath.split(File.pathSeparator)) {
            Path source = Path.of(entry);
            if (!Files.exists(source)) {
                continue;
            }
            Path target = temp.resolve("cp" + n++ + (Files.isDirectory(source) ? "" : ".jar"));
            try (Stream<Path> files = Files.walk(source)) {
                for (Path f : files.toList()) {
                    Path t = target.resolve(source.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(t);
                        Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rwxr-xr-x"));
                    } else {
                        Files.copy(f, Files.isDirectory(source) ? t : target, StandardCopyOption.REPLACE_EXISTING);
                        Files.setPosixFilePermissions(Files.isDirectory(source) ? t : target,
                                PosixFilePermissions.fromString("rw-r--r--"));
                    }
                }
            }
            copies.add(target.toString());
        }
        return String.join(File.pathSeparator, copies);
    }
}
