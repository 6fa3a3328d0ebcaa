package dev.lightbulb.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lightbulb.InputFiles;
import dev.lightbulb.LightbulbException;
import dev.lightbulb.games.Game;
import dev.lightbulb.games.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An emergence grid: every checkpoint × every data amount is one cell, numbered from 1 in that order (checkpoint
 * major). {@code grid.json} in the output folder pins the settings: a rerun with other settings into the same folder
 * is refused, so cells of different grids never mix.
 *
 * @param checkpoints    GGUF models, any sizes (each evaluated with its own tokenizer)
 * @param games          the games finetuned on and played
 * @param amounts        expert episodes per game to finetune on; 0 = the checkpoint as it is (the few-shot rows)
 * @param heldOut        held-out text whose loss is each checkpoint's pretraining loss
 * @param evalInstances  the evaluation instance set (a folder or file as {@code run --instances} takes it); null: the
 *                       bundled clembench v1.6 instances
 * @param evalLimit      play only the first N evaluation instances of each experiment (null: all)
 */
record EmergenceGrid(List<Path> checkpoints, List<Game> games, List<Integer> amounts, Path heldOut, Path evalInstances,
                     Integer evalLimit, int maxTokens, Recipe recipe, Path out) {
    static final String FILE = "grid.json";

    EmergenceGrid {
        if (checkpoints.isEmpty()) throw new LightbulbException("--checkpoints: give at least one model");
        if (games.isEmpty()) throw new LightbulbException("--games: give at least one game");
        if (amounts.isEmpty()) throw new LightbulbException("--amounts: give at least one data amount");
        for (int a : amounts) if (a < 0) throw new LightbulbException("--amounts: " + a + " is negative (0 = no finetuning)");
        if (new HashSet<>(amounts).size() != amounts.size()) throw new LightbulbException("--amounts: " + amounts + " repeats an amount");
        Set<String> names = new HashSet<>();
        for (Path c : checkpoints) {
            InputFiles.requireReadableFile("--checkpoints", c, "a GGUF model");
            if (!names.add(modelName(c))) throw new LightbulbException("--checkpoints: two checkpoints are named " + modelName(c) + "; rename one");
        }
        InputFiles.requireReadableFile("--heldout", heldOut, "held-out text JSONL");
        if (evalLimit != null && evalLimit <= 0) throw new LightbulbException("--eval-limit must be >= 1, got " + evalLimit);
        if (maxTokens <= 0) throw new LightbulbException("--max-tokens must be >= 1, got " + maxTokens);
        checkpoints = List.copyOf(checkpoints);
        games = List.copyOf(games);
        amounts = List.copyOf(amounts);
    }

    int cells() { return checkpoints.size() * amounts.size(); }

    Path checkpoint(int cell) { return checkpoints.get((cell - 1) / amounts.size()); }

    int amount(int cell) { return amounts.get((cell - 1) % amounts.size()); }

    /** The folder of cell {@code cell} (1-based), e.g. {@code cells/03-tiny-64-d256}. */
    Path cellDir(int cell) {
        return out.resolve("cells").resolve(String.format("%02d-%s-d%d", cell, modelName(checkpoint(cell)), amount(cell)));
    }

    /** A checkpoint's name in the table: its file name without {@code .gguf}. */
    static String modelName(Path checkpoint) {
        return checkpoint.getFileName().toString().replaceFirst("\\.gguf$", "");
    }

    /** What the cells' numbers depend on; files by their sha256, so a moved file is the same grid. */
    ObjectNode identity() {
        ObjectNode n = Json.object();
        ArrayNode c = n.putArray("checkpoints");
        for (Path p : checkpoints) c.addObject().put("name", modelName(p)).put("sha256", InputFiles.sha256("--checkpoints", p));
        ArrayNode g = n.putArray("games");
        games.forEach(game -> g.add(game.name()));
        ArrayNode a = n.putArray("amounts");
        amounts.forEach(a::add);
        n.put("heldout_sha256", InputFiles.sha256("--heldout", heldOut));
        n.put("eval_limit", evalLimit);
        n.put("max_tokens", maxTokens);
        n.put("recipe", recipe.toString());
        return n;
    }

    /** Writes {@code grid.json}, or checks that the folder's matches this grid. */
    void pin(ObjectNode identity) {
        Path f = out.resolve(FILE);
        if (Files.isRegularFile(f)) {
            JsonNode there = Json.read(f);
            if (!there.equals(identity)) {
                throw new LightbulbException(out + " holds another grid (" + FILE + " differs: " + difference(there, identity)
                        + "); use another --out, or delete the folder to start over");
            }
            return;
        }
        Json.write(f, identity);
    }

    private static String difference(JsonNode there, JsonNode now) {
        for (var it = now.properties().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().equals(there.get(e.getKey()))) return e.getKey() + " " + there.get(e.getKey()) + " there, " + e.getValue() + " now";
        }
        return "keys differ";
    }
}
