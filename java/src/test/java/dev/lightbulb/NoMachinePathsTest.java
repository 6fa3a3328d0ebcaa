package dev.lightbulb;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The shipped sources (code, comments, resources) name no folder of one machine: a source is cited by
 * its name (a paper, a repository and commit, a file of the reference data), never by where it lay.
 */
class NoMachinePathsTest {
    private static final Pattern MACHINE_PATH = Pattern.compile("(?<![\\w.])/(work|tmp|root|home)/\\w|/usr/lib/jvm");

    @Test
    void mainSourcesCiteSourcesByName() throws IOException {
        Path main = Path.of("src/main");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(main)) {
            for (Path f : files.filter(Files::isRegularFile).filter(p -> p.toString().matches(".*\\.(java|md|txt|json)$")).toList()) {
                String rel = main.relativize(f).toString().replace('\\', '/');
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++)
                    if (MACHINE_PATH.matcher(lines.get(i)).find()) found.add(rel + ":" + (i + 1) + ": " + lines.get(i).strip());
            }
        }
        assertEquals(List.of(), found);
    }
}
