package dev.lightbulb.games;

import dev.lightbulb.InputFiles;
import dev.lightbulb.LightbulbException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The instances a run plays: the bundled clembench instances, or a user's ({@code run --instances}): one
 * instances.json (of the game its {@value TrainingInstances#GENERATED} field names, or the one game the run selects)
 * or a folder with {@code <game>/instances.json} per game, as {@code lightbulb instances} writes them. A user's set is
 * identified by its sha256 (of the file; of a folder, of the lines "game sha256" of its files), which the run records.
 */
public final class InstanceSet {
    public static final InstanceSet BUNDLED = new InstanceSet(null, null, null);
    private final Path path;
    private final Map<String, GameInstances> games;
    private final String sha256;

    private InstanceSet(Path path, Map<String, GameInstances> games, String sha256) {
        this.path = path;
        this.games = games;
        this.sha256 = sha256;
    }

    /**
     * A user's instances file or folder. {@code named}: the games the user selected (null: all); a file without a
     * generator's record of its game needs exactly one.
     */
    public static InstanceSet read(Path path, List<String> named) {
        if (Files.isDirectory(path)) {
            Map<String, GameInstances> found = new LinkedHashMap<>();
            StringBuilder lines = new StringBuilder();
            for (Game g : Games.ALL) {
                Path f = path.resolve(g.name()).resolve("instances.json");
                if (!Files.exists(f)) continue;
                InputFiles.requireReadableFile("--instances", f, "an instances.json file");
                found.put(g.name(), GameInstances.read(f));
                lines.append(g.name()).append(' ').append(InputFiles.sha256("--instances", f)).append('\n');
            }
            if (found.isEmpty())
                throw new LightbulbException("--instances: " + path + " holds no <game>/instances.json (games: "
                        + Games.ALL.stream().map(Game::name).toList() + ")");
            return new InstanceSet(path, found, sha256(lines.toString()));
        }
        InputFiles.requireReadableFile("--instances", path, "an instances.json file or a folder of them");
        GameInstances set = GameInstances.read(path);
        String game = set.root().path(TrainingInstances.GENERATED).path("game").asText(null);
        if (game == null) {
            if (named == null || named.size() != 1)
                throw new LightbulbException(path + " does not say which game it is for; name exactly one game (run --games GAME, instances GAME --check FILE)");
            game = named.getFirst();
        }
        Games.byName(game);
        return new InstanceSet(path, Map.of(game, set), InputFiles.sha256("--instances", path));
    }

    /** The file or folder, null for the bundled instances. */
    public Path path() { return path; }

    /** The sha256 that identifies a user's set, null for the bundled instances. */
    public String sha256() { return sha256; }

    /** The games this set has instances of, in {@link Games#ALL} order. */
    public List<String> games() {
        return games == null ? Games.ALL.stream().map(Game::name).toList() : List.copyOf(games.keySet());
    }

    /** A game's instances; a game the set lacks is a user error. */
    public GameInstances of(String game) {
        if (games == null) return GameInstances.bundled(game);
        GameInstances g = games.get(game);
        if (g == null) throw new LightbulbException("--instances: " + path + " has no instances of " + game + " (it has " + games.keySet() + ")");
        return g;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);   // every JDK has SHA-256
        }
    }
}
