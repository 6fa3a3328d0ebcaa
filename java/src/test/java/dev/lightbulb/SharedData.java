package dev.lightbulb;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The read-only reference data beside the checkout ({@code ../shared}): real models, tokenizer vectors,
 * clembench episodes, benchmark tables. Tests may read it; the product never does. Where it is missing
 * (a fresh clone) the tests that need it are skipped, and {@link ReferenceDataSkips} counts them for
 * bin/test's closing line; with {@code -Dlightbulb.requireShared=true} (CI) a missing file fails its test.
 */
public final class SharedData {
    private SharedData() {}

    /** How a skip for missing reference data begins (ReferenceDataSkips recognises it). */
    static final String MISSING = "reference data not found: ";

    /** Root of the shared folder: system property {@code lightbulb.shared} (set by the build), else ../shared. */
    public static Path root() {
        String p = System.getProperty("lightbulb.shared");
        Path root = p != null ? Path.of(p) : Path.of("..", "..", "shared");
        return root.toAbsolutePath().normalize();
    }

    /** Whether a missing reference file fails its test instead of skipping it (CI). */
    static boolean required() {
        return Boolean.parseBoolean(System.getProperty("lightbulb.requireShared", "false"));
    }

    /** A file or folder under the shared root; absent, the calling test is skipped (or fails when required). */
    public static Path path(String relative) {
        return path(root(), relative, required());
    }

    static Path path(Path root, String relative, boolean required) {
        Path f = root.resolve(relative);
        if (!Files.exists(f)) {
            if (required) Assertions.fail(MISSING + f + " (lightbulb.requireShared=true: CI runs every reference test)");
            Assumptions.abort(MISSING + f);
        }
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
