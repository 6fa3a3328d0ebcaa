package dev.lightbulb.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bin/lightbulb passes the program's stderr through untouched: a progress line shows while the program still
 * runs (not when it ends), and bytes that are no text arrive as they were. Run against a stand-in JDK whose
 * "java" writes a progress line, waits, then writes binary bytes and exits 3.
 */
class LauncherTest {
    static final byte[] FIRST = "taboo:  12% [==>     ] 7/60\r".getBytes(StandardCharsets.UTF_8);
    static final byte[] LATER = {'\n', 0, (byte) 0xff, 'G', 'G', 'U', 'F', 1, '\n'};

    @Test
    void stderrIsPassedThroughLiveAndUntouched(@TempDir Path dir) throws Exception {
        // a copy of the launcher in a tree whose jar is present (so it does not build) and a stand-in JDK 25
        Path root = dir.resolve("repo");
        Files.createDirectories(root.resolve("bin"));
        Files.copy(Path.of("..", "bin", "lightbulb"), root.resolve("bin/lightbulb"));
        Path jar = root.resolve("java/target/lightbulb-0.1.0-SNAPSHOT-all.jar");
        Files.createDirectories(jar.getParent());
        Files.write(jar, new byte[0]);
        Path jdk = dir.resolve("jdk");
        Files.createDirectories(jdk.resolve("bin"));
        Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"25.0.1\"\n");
        Path java = jdk.resolve("bin/java");
        Files.writeString(java, "#!/usr/bin/env bash\nprintf 'taboo:  12%% [==>     ] 7/60\\r' >&2\nsleep 3\n"
                + "printf '\\n\\000\\377GGUF\\001\\n' >&2\nexit 3\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));

        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("bin/lightbulb").toString(), "run");
        pb.environment().put("JAVA_HOME", jdk.toString());
        Process p = pb.start();
        InputStream err = p.getErrorStream();
        byte[] first = err.readNBytes(FIRST.length);
        assertArrayEquals(FIRST, first);
        assertTrue(p.isAlive(), "the progress line arrived while the program still ran");
        byte[] rest = err.readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertArrayEquals(LATER, rest, "binary bytes pass through as they were");
        assertEquals(3, p.exitValue(), "the program's exit code");
    }
}
