package dev.lightbulb.games;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightbulb.LightbulbException;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The merge of several results folders (the shards of one run, each in its own folder or some sharing one): a pure
 * function of the folders. Its records are the JSON files (episodes, experiment files, manifests, run plans); the
 * tables, transcripts and browser pages are made again from them. An episode is an episode folder with its
 * interactions.json (written last, so a folder without one was cut off and is left out). A record or episode found
 * in several folders is taken from the first folder named, and only if every copy is the same record, timestamps
 * aside ({@link RecordCopies}); two copies that differ stop the merge. Planned episodes ({@link RunPlan}) that no
 * folder holds are reported as missing.
 */
public final class ResultsMerge {
    private ResultsMerge() {}

    private static final Pattern EPISODE = Pattern.compile("episode_\\d+");

    /**
     * What the merged folder holds: each record file outside episodes and each episode folder (paths relative to the
     * result's root, with /) and the copy it is taken from; the planned episodes no folder holds; episode folders
     * left out because they were cut off before their interactions.json (and no other folder holds the episode).
     */
    public record Plan(List<Path> inputs, SortedMap<String, Path> files, SortedMap<String, Path> episodes,
                       SortedSet<String> missing, List<Path> unfinished) {}

    /** Reads the folders and checks that their copies agree; a conflict is one LightbulbException naming both copies. */
    public static Plan plan(List<Path> inputs) {
        List<Path> roots = new ArrayList<>();
        for (Path in : inputs) {
            if (!Files.isDirectory(in))
                throw new LightbulbException(in + ": not a results folder (" + (Files.exists(in) ? "a file" : "no such folder") + ")");
            Path root = in.toAbsolutePath().normalize();
            if (roots.contains(root)) throw new LightbulbException(in + ": named twice");
            roots.add(root);
        }
        SortedMap<String, Path> files = new TreeMap<>(), episodes = new TreeMap<>();
        SortedSet<String> planned = new TreeSet<>();
        SortedMap<String, Path> unfinished = new TreeMap<>();
        for (Path root : roots) {
            for (Path p : list(root)) {
                String rel = relative(root, p);
                if (Files.isDirectory(p)) {
                    if (!EPISODE.matcher(p.getFileName().toString()).matches()) continue;
                    if (!Files.isRegularFile(p.resolve("interactions.json"))) unfinished.putIfAbsent(rel, p);
                    else agree(episodes, rel, p, ResultsMerge::sameEpisode);
                } else if (p.getFileName().toString().endsWith(".json") && !EPISODE.matcher(p.getParent().getFileName().toString()).matches()) {
                    agree(files, rel, p, (a, b) -> sameRecord(a, b));
                    if (RunPlan.isPlan(p.getFileName().toString())) {
                        String folder = relative(root, p.getParent());
                        RunPlan.episodes(p).forEach(e -> planned.add(folder.isEmpty() ? e : folder + "/" + e));
                    }
                }
            }
        }
        SortedSet<String> missing = new TreeSet<>(planned);
        missing.removeAll(episodes.keySet());
        unfinished.keySet().removeAll(episodes.keySet());
        return new Plan(List.copyOf(roots), files, episodes, missing, List.copyOf(unfinished.values()));
    }

    /**
     * Writes the merge into {@code out}, which must not exist: everything goes into a new folder beside it,
     * {@code finish} makes the derived files there (tables, transcripts), and the folder is then renamed to
     * {@code out} in one step, so {@code out} appears complete or not at all.
     */
    public static void write(Plan plan, Path out, Consumer<Path> finish) {
        Path target = out.toAbsolutePath().normalize();
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS))
            throw new LightbulbException("--out " + out + " already exists: merge writes a new folder and never overwrites one");
        for (Path in : plan.inputs())
            if (target.startsWith(in)) throw new LightbulbException("--out " + out + " lies inside the folder " + in + " being merged");
        Path staging = null;
        try {
            Files.createDirectories(target.getParent());
            staging = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".merging-");
            for (var f : plan.files().entrySet()) copy(f.getValue(), staging.resolve(f.getKey()));
            for (var e : plan.episodes().entrySet()) {
                try (Stream<Path> s = Files.list(e.getValue())) {
                    for (Path f : s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList())
                        copy(f, staging.resolve(e.getKey()).resolve(f.getFileName().toString()));
                }
            }
            finish.accept(staging);
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS))
                throw new LightbulbException("--out " + out + " appeared while merging: merge never overwrites a folder");
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            staging = null;
        } catch (IOException e) {
            throw new LightbulbException("--out " + out + ": cannot write (" + e.getMessage() + ")", e);
        } finally {
            if (staging != null) deleteQuietly(staging);
        }
    }

    /** Puts {@code copy} under {@code key}, or checks it against the copy already there. */
    private static void agree(SortedMap<String, Path> chosen, String key, Path copy, Same same) {
        Path first = chosen.putIfAbsent(key, copy);
        if (first == null) return;
        String why = same.difference(first, copy);
        if (why != null)
            throw new LightbulbException(first + " and " + copy + " are two copies of one record that differ (" + why
                    + "; timestamps aside): one comes from another run or was changed; remove the wrong copy and merge again");
    }

    private interface Same {
        /** Null when the two copies agree, else where they differ. */
        String difference(Path a, Path b);
    }

    private static String sameRecord(Path a, Path b) {
        boolean manifest = a.getFileName().toString().equals(RunFolder.MANIFEST);
        String d = RecordCopies.firstDifference(Json.read(a), Json.read(b), manifest);
        return d == null ? null : a.getFileName() + " " + d;
    }

    private static String sameEpisode(Path a, Path b) {
        Set<String> inA = jsonFiles(a), inB = jsonFiles(b);
        if (!inA.equals(inB)) return "files " + new TreeSet<>(inA) + " vs " + new TreeSet<>(inB);
        for (String f : new TreeSet<>(inA)) {
            String d = sameRecord(a.resolve(f), b.resolve(f));
            if (d != null) return d;
        }
        return null;
    }

    private static Set<String> jsonFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            Set<String> out = new HashSet<>();
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new LightbulbException(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    private static List<Path> list(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> !p.equals(root)).sorted().toList();
        } catch (IOException e) {
            throw new LightbulbException(root + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    private static String relative(Path root, Path p) {
        return root.relativize(p).toString().replace(File.separatorChar, '/');
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            // a leftover hidden staging folder does no harm; the error that got us here is what the user needs
        }
    }
}
