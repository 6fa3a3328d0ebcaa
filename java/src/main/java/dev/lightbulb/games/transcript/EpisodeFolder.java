package dev.lightbulb.games.transcript;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.games.EpisodeDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An episode folder as the transcripts and the results browser see it: where it is and which model (pair), game,
 * experiment and episode it names. Unlike {@link EpisodeDir} it does not need the game to be one of ours, so the
 * transcripts of any clembench result folder can be written. Layouts: {@code <pair>/<game>/<idx>_<experiment>/episode_<n>}
 * (clembench's and ours) and {@code <game>/<model>/<experiment>/episode_<n>}.
 */
public record EpisodeFolder(Path dir, String model, String game, String experimentFolder, String experiment, int index) {
    private static final Pattern EPISODE = Pattern.compile("episode_(\\d+)");
    private static final Pattern EXPERIMENT = Pattern.compile("(\\d+)_(.+)");

    /** In model, game, experiment (by its leading index), episode (by number) order. */
    public static final Comparator<EpisodeFolder> ORDER = Comparator.comparing(EpisodeFolder::model)
            .thenComparing(EpisodeFolder::game)
            .thenComparingInt(EpisodeFolder::experimentIndex)
            .thenComparing(EpisodeFolder::experimentFolder)
            .thenComparingInt(EpisodeFolder::index);

    public static EpisodeFolder of(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        Matcher m = EPISODE.matcher(abs.getFileName().toString());
        if (!m.matches()) throw new LightbulbException(dir + ": not an episode folder (expected a name episode_<n>)");
        int index = Integer.parseInt(m.group(1));
        Path expDir = abs.getParent();
        String expFolder = expDir.getFileName().toString();
        try {
            EpisodeDir known = EpisodeDir.of(abs);
            return new EpisodeFolder(abs, known.model(), known.game().name(), expFolder, known.experimentName(), index);
        } catch (LightbulbException notOurGame) {
            Path gameDir = expDir.getParent();
            if (gameDir == null || gameDir.getFileName() == null)
                throw new LightbulbException(dir + ": no game folder above the experiment folder");
            Path modelDir = gameDir.getParent();
            Matcher e = EXPERIMENT.matcher(expFolder);
            return new EpisodeFolder(abs, modelDir == null || modelDir.getFileName() == null ? "" : modelDir.getFileName().toString(),
                    gameDir.getFileName().toString(), expFolder, e.matches() ? e.group(2) : expFolder, index);
        }
    }

    /** Every episode folder under root (or root itself) that holds an interactions.json, in {@link #ORDER}. */
    public static List<EpisodeFolder> findAll(Path root) {
        if (!Files.isDirectory(root)) throw new LightbulbException(root + ": not a folder");
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().equals("interactions.json"))
                    .map(Path::getParent)
                    .filter(p -> p.getFileName() != null && EPISODE.matcher(p.getFileName().toString()).matches())
                    .map(EpisodeFolder::of).sorted(ORDER).toList();
        } catch (IOException ex) {
            throw new LightbulbException(root + ": cannot list (" + ex.getMessage() + ")", ex);
        }
    }

    /** The experiment's place in its game (the folder's leading number), or MAX_VALUE without one. */
    public int experimentIndex() {
        Matcher e = EXPERIMENT.matcher(experimentFolder);
        return e.matches() && e.group(1).length() < 9 ? Integer.parseInt(e.group(1)) : Integer.MAX_VALUE;
    }

    /** The same episode in another run: game, experiment and episode number (what a comparison pairs on). */
    public String instanceKey() { return game + "/" + experiment + "/episode_" + index; }

    public Path interactions() { return dir.resolve("interactions.json"); }
}
