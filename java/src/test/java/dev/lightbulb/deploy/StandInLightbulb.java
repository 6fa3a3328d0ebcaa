package dev.lightbulb.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** An executable named lightbulb that prints its arguments one a line: what a deployment script would run, seen from outside. */
final class StandInLightbulb {
    private StandInLightbulb() {}

    /** Writes it into dir and returns its path. */
    static Path write(Path dir) throws IOException {
        Path fake = Files.createDirectories(dir).resolve("lightbulb");
        Files.writeString(fake, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        return fake;
    }
}
