package io.chanflow.operators.validate;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One version of the validator's prompt: {@code validate-<version>.system.txt}, {@code validate-<version>.user.txt}
 * (with {@code {{placeholders}}}, see {@link PromptBuilder}) and {@code answer-<version>.schema.json}, read from a
 * directory or, without one, from the classpath copy of {@code models/prompts} under {@code prompts/}. The version is
 * part of every file name and is recorded on every validated signal.
 */
public record PromptTemplates(String version, String system, String user, String answerSchema) implements Serializable {

    public PromptTemplates {
        requireVersion(version);
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(answerSchema, "answerSchema");
    }

    /**
     * Loads {@code version} from {@code dir}, or from the classpath when {@code dir} is null.
     *
     * @throws IllegalArgumentException no such version (naming the missing file)
     */
    public static PromptTemplates load(String version, Path dir) {
        requireVersion(version);
        return new PromptTemplates(version, read(dir, "validate-" + version + ".system.txt"),
                read(dir, "validate-" + version + ".user.txt"), read(dir, "answer-" + version + ".schema.json"));
    }

    private static void requireVersion(String version) {
        Objects.requireNonNull(version, "version");
        if (!version.matches("[a-z0-9][a-z0-9._-]{0,31}")) {
            throw new IllegalArgumentException("prompt version must be 1-32 characters [a-z0-9._-], got '" + version + "'");
        }
    }

    private static String read(Path dir, String name) {
        try {
            if (dir != null) {
                Path p = dir.resolve(name);
                if (!Files.isReadable(p)) {
                    throw new IllegalArgumentException("prompt file " + p + " does not exist");
                }
                return Files.readString(p, StandardCharsets.UTF_8);
            }
            try (InputStream in = PromptTemplates.class.getResourceAsStream("/prompts/" + name)) {
                if (in == null) {
                    throw new IllegalArgumentException("prompt file prompts/" + name + " is not on the classpath");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
