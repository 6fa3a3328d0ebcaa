package dev.lightbulb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A file the user names that cannot be read is reported as what it is. */
class InputFilesTest {
    @TempDir
    Path tmp;

    private static String failure(Path p) {
        return assertThrows(LightbulbException.class, () -> InputFiles.requireReadableFile("--model", p, "a model file")).getMessage();
    }

    @Test
    void aDirectoryADeviceAndAMissingFileSayWhatTheyAre() throws Exception {
        assertEquals("--model: " + tmp + " is a directory, not a model file", failure(tmp));
        assertEquals("--model: " + tmp.resolve("nope") + ": no such file", failure(tmp.resolve("nope")));
        Path devNull = Path.of("/dev/null");
        assumeTrue(Files.exists(devNull), "no /dev/null here");
        assertEquals("--model: /dev/null is a character device, not a model file", failure(devNull));
        Path file = Files.writeString(tmp.resolve("ok.gguf"), "GGUF");
        assertDoesNotThrow(() -> InputFiles.requireReadableFile(file, "a model file"));
    }

    @Test
    void aFileWithoutReadPermission() throws Exception {
        Path file = Files.writeString(tmp.resolve("locked.gguf"), "GGUF");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("-w-------"));
        assumeFalse(Files.isReadable(file), "this user (root?) reads files without read permission");
        assertEquals("--model: " + file + ": permission denied (this user may not read it)", failure(file));
    }

    @Test
    void ioErrorsInWords() {
        Path p = Path.of("model.gguf");
        assertEquals("model.gguf: cannot read GGUF file: permission denied",
                InputFiles.cannotRead(p, "GGUF file", new AccessDeniedException("model.gguf")).getMessage());
        assertEquals("no such file", InputFiles.reason(new NoSuchFileException("model.gguf")));
        assertEquals("not valid UTF-8 text", InputFiles.reason(new java.nio.charset.MalformedInputException(1)));
        assertEquals("Is a directory", InputFiles.reason(new FileSystemException("model.gguf", null, "Is a directory")));
    }
}
