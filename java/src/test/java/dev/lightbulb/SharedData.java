package dev.lightbulb;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The read-only test data beside the checkout ({@code ../shared}): real models, tokenizer vectors,
 * clembench episodes, benchmark tables. Tests may read it; the product never does.
 */
public final class SharedData {
    private SharedData() {}

    /** Root of the shared folder: system property {@code lightbulb.shared} (set by the build), else ../shared. */
    public static Path root() {
        String p = System.getProperty("lightbulb.shared");
        Path root = p != null ? Path.of(p) : Path.of("..", "..", "shared");
        return root.toAbsolutePath().normalize();
    }

    /** A file or folder under the shared root; the calling test is skipped (not passed) if it is absent. */
    public static Path path(String relative) {
        Path f = root().resolve(relative);
        Assumptions.assumeTrue(Files.exists(f), () -> "shared test data not found: " + f);
        return f;
    }

    /** A writable copy of a shared folder at {@code copy} (the calling test is skipped if the folder is absent). */
    public static Path copy(String relative, Path copy) throws IOException {
        Path from = path(relative);
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = copy.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t); else Files.copy(p, t);
            }
        }
        return copy;
    }
}
