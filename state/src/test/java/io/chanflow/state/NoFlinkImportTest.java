package io.chanflow.state;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine stays pure Java: nothing under {@code state/src/main/java} may import Flink, so the
 * tuner, the backtest and tests reuse it without a Flink runtime.
 */
class NoFlinkImportTest {

    private static final Pattern FLINK_IMPORT = Pattern.compile("^\\s*import\\s+(static\\s+)?org\\.apache\\.flink\\b");

    @Test
    void stateSourcesShouldNotImportFlink() throws IOException {
        // surefire runs in the module directory; an IDE may run in the repository root
        Path src = Path.of("src/main/java");
        if (!Files.isDirectory(src)) {
            src = Path.of("state/src/main/java");
        }
        assertThat(src).as("state sources (working directory %s)", Path.of("").toAbsolutePath()).isDirectory();
        List<String> offenders = new ArrayList<>();
        int files = 0;
        try (Stream<Path> all = Files.walk(src)) {
            for (Path p : (Iterable<Path>) all.filter(f -> f.toString().endsWith(".java"))::iterator) {
                files++;
                List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = FLINK_IMPORT.matcher(lines.get(i));
                    if (m.find()) {
                        offenders.add(src.relativize(p) + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertThat(files).as("Java files under %s", src).isPositive();
        assertThat(offenders).as("Flink imports in state/ (the engine must stay framework-free)").isEmpty();
    }
}
