package org.tsnlat.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Only org.tsnlat.linux may touch java.lang.foreign; this package's sources do not. */
class StatsPackageStaysOffForeignMemoryTest {

    @Test
    void noSourceMentionsJavaLangForeign() throws IOException {
        Path sources = Path.of("src/main/java/org/tsnlat/stats");
        List<Path> offenders;
        try (Stream<Path> files = Files.list(sources)) {
            offenders = files.filter(file -> mentionsForeign(file)).toList();
        }
        assertThat(sources).isDirectory();
        assertThat(offenders).isEmpty();
    }

    private static boolean mentionsForeign(Path file) {
        try {
            return Files.readString(file).contains("import java.lang.foreign");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
