package dev.lightbulb.games;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightbulb.LightbulbException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One model's results folder ({@code <out>/<model-pair>/}) holds one configuration: its manifest
 * {@value #MANIFEST} and the "lightbulb run" block of every episode and experiment file in it record
 * the same {@link RunSettings}. A run that would add episodes made otherwise stops before playing,
 * or with {@code overwriteMismatched} first removes the episodes recorded otherwise (they are played
 * again). Kept apart from the runner so that other writers of results (e.g. a sharded run and its
 * merge) check the same way.
 */
public final class RunFolder {
    private RunFolder() {}

    /** The run-level manifest: the "lightbulb run" block of the settings the folder holds. */
    public static final String MANIFEST = "lightbulb-run.json";

    /** A file of the folder recorded with other settings (or unreadable), and how it differs. */
    public record Mismatch(Path file, List<String> differences) {}

    /** Every record under pairDir (manifest, experiment files, episodes) whose settings differ from {@code current}. */
    public static List<Mismatch> mismatches(Path pairDir, JsonNode current) {
        List<Mismatch> out = new ArrayList<>();
        if (!Files.isDirectory(pairDir)) return out;
        for (Path f : records(pairDir)) {
            List<String> d;
            try {
                JsonNode block = block(f);
                d = block == null ? List.of("no \"" + BenchmarkRunner.RUN_KEY + "\" block (not written by lightbulb run)")
                        : RunSettings.differences(block, current);
            } catch (LightbulbException e) {
                d = List.of("unreadable (" + e.getMessage() + ")");
            }
            if (!d.isEmpty()) out.add(new Mismatch(f, d));
        }
        return out;
    }

    /**
     * Makes pairDir hold {@code info}'s configuration: throws a LightbulbException naming the differing
     * settings if it holds records of another, unless {@code overwriteMismatched}, which removes those
     * episodes and experiment files. Writes the manifest. Returns how many episodes were removed.
     */
    public static int claim(Path pairDir, RunInfo info, boolean overwriteMismatched) {
        JsonNode current = Json.MAPPER.valueToTree(info.asMap());
        List<Mismatch> mismatched = mismatches(pairDir, current);
        int episodes = (int) mismatched.stream().filter(m -> isEpisode(m.file())).count();
        if (!mismatched.isEmpty() && !overwriteMismatched) {
            Set<String> why = new LinkedHashSet<>();
            mismatched.forEach(m -> why.addAll(m.differences()));
            List<String> shown = why.stream().limit(4).toList();
            throw new LightbulbException(pairDir + ": holds " + (episodes == 0 ? "records" : episodes + " episodes")
                    + " made with other settings (" + String.join("; ", shown) + (why.size() > shown.size() ? "; ..." : "")
                    + "); one results folder holds one configuration: use --out with another folder, or "
                    + "--overwrite-mismatched to replace those episodes");
        }
        for (Mismatch m : mismatched) delete(isEpisode(m.file()) ? m.file().getParent() : m.file());
        Json.write(pairDir.resolve(MANIFEST), current);
        return episodes;
    }

    private static boolean isEpisode(Path f) { return f.getFileName().toString().equals("interactions.json"); }

    /** The manifest, every experiment_*.json and every episode's interactions.json under pairDir. */
    private static List<Path> records(Path pairDir) {
        try (Stream<Path> s = Files.walk(pairDir)) {
            return s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString();
                return n.equals(MANIFEST) && p.getParent().equals(pairDir)
                        || n.startsWith("experiment_") && n.endsWith(".json")
                        || n.equals("interactions.json") && p.getParent().getFileName().toString().startsWith("episode_");
            }).sorted().toList();
        } catch (IOException e) {
            throw new LightbulbException(pairDir + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    /** The file's "lightbulb run" block (the manifest is one), or null if it has none. */
    private static JsonNode block(Path f) {
        JsonNode root = Json.read(f);
        if (f.getFileName().toString().equals(MANIFEST)) return root;
        JsonNode b = root.get(BenchmarkRunner.RUN_KEY);
        return b == null || !b.isObject() ? null : b;
    }

    private static void delete(Path p) {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(x);
        } catch (IOException e) {
            throw new LightbulbException(p + ": cannot remove (" + e.getMessage() + ")", e);
        }
    }
}
