package dev.lightbulb;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The files a user names: checked before they are read, so that a folder, a device such as {@code /dev/null}, a
 * missing file or one without read permission is reported as what it is, and I/O errors said in words.
 */
public final class InputFiles {
    private InputFiles() {}

    /**
     * Fails with a {@link LightbulbException} unless {@code path} is a regular file this process may read.
     * {@code expected} names what it should be, e.g. "a GGUF file": "models is a directory, not a GGUF file".
     */
    public static void requireReadableFile(Path path, String expected) {
        requireReadableFile(null, path, expected);
    }

    /** As above, the message starting with the option that named the file ({@code "--model: "}) unless it is null. */
    public static void requireReadableFile(String option, Path path, String expected) {
        String prefix = option == null ? "" : option + ": ";
        if (Files.isRegularFile(path)) {
            if (!Files.isReadable(path)) throw new LightbulbException(prefix + path + ": permission denied (this user may not read it)");
            return;
        }
        String kind = kind(path);
        if (kind == null) throw new LightbulbException(prefix + path + ": no such file");
        throw new LightbulbException(prefix + path + " is " + kind + ", not " + expected);
    }

    /** The sha256 of a file, in hex; a failure to read it names the option that gave the file ({@code "--model"}). */
    public static String sha256(String option, Path file) {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 20];
            for (int r; (r = in.read(buf)) > 0; ) d.update(buf, 0, r);
            return java.util.HexFormat.of().formatHex(d.digest());
        } catch (IOException e) {
            throw new LightbulbException(option + ": cannot read " + file + ": " + e.getMessage(), e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);   // every JDK has SHA-256
        }
    }

    /** An I/O failure on {@code path} in words: "PATH: cannot read WHAT: permission denied". */
    public static LightbulbException cannotRead(Path path, String what, IOException e) {
        return new LightbulbException(path + ": cannot read " + what + ": " + reason(e), e);
    }

    /** Why an I/O operation failed, without the file name the JDK repeats in its messages. */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) return "no such file";
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof MalformedInputException) return "not valid UTF-8 text";
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** What a path that is not a regular file is ("a directory", "a character device", ...), or null if it does not exist. */
    static String kind(Path path) {
        if (Files.isDirectory(path)) return "a directory";
        if (!Files.exists(path)) return null;
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode");
            return switch (mode & 0170000) {            // S_IFMT
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0010000 -> "a named pipe";
                case 0140000 -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "a special file";                     // no unix attribute view here
        }
    }
}
