package io.chanflow.jobs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Locates {@code ../shared} (golden references and real market data) beside the checkout. Tests
 * that need it fail, never skip, when it is missing: CI must have it.
 */
public final class SharedData {

    private SharedData() {
    }

    /** The shared directory; throws {@link AssertionError} naming every place looked at. */
    public static Path dir() {
        Set<Path> tried = new LinkedHashSet<>();
        String prop = System.getProperty("chanflow.shared");
        if (prop != null && !prop.isBlank()) {
            tried.add(Path.of(prop).toAbsolutePath().normalize());
        }
        String env = System.getenv("CHANFLOW_SHARED");
        if (env != null && !env.isBlank()) {
            tried.add(Path.of(env).toAbsolutePath().normalize());
        }
        // working directory is the module (jobs/) under Maven, the repo root in an IDE
        tried.add(Path.of("..", "shared").toAbsolutePath().normalize());
        tried.add(Path.of("..", "..", "shared").toAbsolutePath().normalize());
        for (Path p : tried) {
            if (Files.isDirectory(p.resolve("golden").resolve("chanpy")) && Files.isDirectory(p.resolve("data"))) {
                return p;
            }
        }
        StringBuilder sb = new StringBuilder("the shared directory (golden/chanpy and data/real) was not found; it must sit"
                + " beside the checkout as ../shared, or be named by -Dchanflow.shared=DIR or CHANFLOW_SHARED. Looked at:");
        for (Path p : tried) {
            sb.append("\n  ").append(p);
        }
        throw new AssertionError(sb.toString());
    }

    /** A file under {@code data/real}; fails loudly when missing. */
    public static Path real(String rel) {
        Path f = dir().resolve("data").resolve("real").resolve(rel);
        if (!Files.isRegularFile(f)) {
            throw new AssertionError("missing real data file " + f);
        }
        return f;
    }
}
