package dev.lightbulb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Files lightbulb writes: finished under a temporary name, then renamed over the target in one step. */
public final class OutputFiles {
    private OutputFiles() {}

    /** Renames the finished {@code temp} to {@code target} atomically: a crash leaves the old target or the new one, never half. */
    public static void replace(Path temp, Path target) {
        try {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new LightbulbException("cannot write " + target + ": " + InputFiles.reason(e), e);
        }
    }
}
