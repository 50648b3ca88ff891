package io.chanflow.jobs;

import io.chanflow.state.ChanConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's configuration table mirrors {@link ChanConfig#defaultValues()}: every key, with its default. */
class ReadmeConfigTableTest {

    @Test
    void readmeShouldListEveryConfigKeyWithItsDefault() throws IOException {
        Path readme = Path.of("..", "README.md");
        if (!Files.exists(readme)) {
            readme = Path.of("README.md");
        }
        assertThat(readme).exists();
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, String> e : ChanConfig.defaultValues().entrySet()) {
            String row = "| `" + e.getKey() + "` | `" + e.getValue() + "` |";
            if (!text.contains(row)) {
                missing.add(row);
            }
        }
        assertThat(missing).as("rows missing from the README's configuration table").isEmpty();
    }
}
