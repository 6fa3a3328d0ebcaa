package dev.lightbulb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Files lightbulb writes: finished under a temporary name, then renamed over the target in one step. */
public final class OutputFiles {
    private OutputFiles() {}

    /** Writes a file's content to the path it is given. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path temp) throws IOException;
    }

    /**
     * Writes {@code target} atomically: {@code content} fills a temporary file of a unique name beside it (several
     * processes, e.g. shards of one run, may write the same target at once), which then replaces the target.
     */
    public static void write(Path target, Content content) {
        Path temp = null;
        try {
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, target.getFileName() + ".", ".tmp");
            content.writeTo(temp);
            replace(temp, target);
        } catch (IOException e) {
            throw new LightbulbException("cannot write " + target + ": " + InputFiles.reason(e), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the target is written or the error above says why; a stray temp file is harmless
                }
            }
        }
    }

    /** Renames the finished {@code temp} to {@code target} atomically: a crash leaves the old target or the new one, never half. */
    public static void replace(Path temp, Path target) {
        try {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new LightbulbException("cannot write " + target + ": " + InputFiles.reason(e), e);
        }
    }
}
