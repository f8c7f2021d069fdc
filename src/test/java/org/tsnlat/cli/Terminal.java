package org.tsnlat.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** tsnlat in a JVM of its own on a real pseudo-terminal (util-linux's script), its screen written to a file. */
final class Terminal {
    private Terminal() {}

    /** Starts {@code tsnlat args} on a terminal; what the terminal shows (bytes as written) goes to {@code screen}. */
    static Process start(Path screen, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "org.tsnlat.cli.Main"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder("script", "-qfec", String.join(" ", cmd), "/dev/null").redirectErrorStream(true)
                .redirectOutput(screen.toFile()).start();
    }
}
