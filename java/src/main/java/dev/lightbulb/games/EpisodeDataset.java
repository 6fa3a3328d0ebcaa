package dev.lightbulb.games;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lightbulb.LightbulbException;
import dev.lightbulb.OutputFiles;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Recorded clembench episodes as finetuning data: every model call in an episode's {@code requests.json} becomes one
 * chat line, {@code {"messages": [the prompt's messages…, {"role": "assistant", "content": the reply}]}} (the
 * convention of Hugging Face TRL and OpenAI finetuning). The reply is clembench's own record of what the player
 * answered ({@code clem_player.response}), or, in older records, the API's first choice.
 */
public final class EpisodeDataset {
    private EpisodeDataset() {}

    /** What was written and what was passed over. */
    public record Written(int episodes, int lines, int skippedEpisodes) {}

    /** One episode's chat lines (JSON, one per model call), from its folder. */
    public record Episode(Path folder, List<String> lines) {}

    /** Writes the chat lines of every episode under {@code root} to {@code out} (atomically). */
    public static Written write(Path root, Path out, boolean onlySuccess) {
        return write(root, out, onlySuccess, null);
    }

    /** {@link #write(Path, Path, boolean)} keeping only the calls of player {@code role} (1-based; null: all). */
    public static Written write(Path root, Path out, boolean onlySuccess, Integer role) {
        List<Path> all = requestFiles(root);
        List<Episode> used = episodes(root, onlySuccess, role);
        write(used, out);
        return new Written(used.size(), used.stream().mapToInt(e -> e.lines().size()).sum(), all.size() - used.size());
    }

    /** Writes the lines of {@code episodes}, in order, to {@code out} (atomically). */
    public static void write(List<Episode> episodes, Path out) {
        OutputFiles.write(out, tmp -> {
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                for (Episode e : episodes) {
                    for (String line : e.lines()) {
                        w.write(line);
                        w.write('\n');
                    }
                }
            }
        });
    }

    /** Every episode under {@code root} (in path order) with a {@code requests.json}; with {@code onlySuccess}, the successful ones. */
    public static List<Episode> episodes(Path root, boolean onlySuccess) {
        return episodes(root, onlySuccess, null);
    }

    /**
     * {@link #episodes(Path, boolean)} with only the calls of player {@code role} (1-based; null: every call). The
     * records do not name the player of a call, but each player's calls continue one conversation: a call belongs to
     * the player whose first prompt message it starts with, and players are numbered in the order the game first
     * calls them (taboo: 1 describer, 2 guesser; wordle_withcritic: 1 guesser, 2 critic; referencegame and
     * imagegame: 1 the player who describes, 2 the one who follows).
     */
    public static List<Episode> episodes(Path root, boolean onlySuccess, Integer role) {
        if (role != null && role < 1) throw new LightbulbException("--role must be >= 1 (a player number), got " + role);
        List<Episode> out = new ArrayList<>();
        for (Path requests : requestFiles(root)) {
            if (onlySuccess && !succeeded(requests.resolveSibling("scores.json"))) continue;
            JsonNode calls = Json.read(requests);
            if (!calls.isArray()) throw new LightbulbException(requests + ": expected a list of model calls");
            List<String> lines = new ArrayList<>();
            List<String> players = new ArrayList<>();   // each player's first prompt message, in order of first call
            for (JsonNode call : calls) {
                String first = call.path("manipulated_prompt_obj").path(0).path("content").asText("");
                if (!players.contains(first)) players.add(first);
                if (role != null && players.indexOf(first) != role - 1) continue;
                try {
                    lines.add(Json.MAPPER.writeValueAsString(chat(requests, call)));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            out.add(new Episode(requests.getParent(), List.copyOf(lines)));
        }
        return out;
    }

    private static List<Path> requestFiles(Path root) {
        if (!Files.isDirectory(root)) throw new LightbulbException(root + ": not a results folder");
        List<Path> episodes;
        try (Stream<Path> s = Files.walk(root)) {
            episodes = s.filter(p -> p.getFileName().toString().equals("requests.json")
                    && p.getParent().getFileName().toString().startsWith("episode_")).sorted().toList();
        } catch (IOException e) {
            throw new LightbulbException(root + ": cannot list the folder: " + e.getMessage(), e);
        }
        if (episodes.isEmpty()) throw new LightbulbException(root + ": no episode with a requests.json below it");
        return episodes;
    }

    private static ObjectNode chat(Path file, JsonNode call) {
        JsonNode prompt = call.get("manipulated_prompt_obj");
        if (prompt == null || !prompt.isArray()) throw new LightbulbException(file + ": a call without manipulated_prompt_obj messages");
        ArrayNode messages = Json.MAPPER.createArrayNode();
        for (JsonNode m : prompt) {
            if (!m.path("role").isTextual() || !m.path("content").isTextual()) {
                throw new LightbulbException(file + ": a prompt message without a string role and content");
            }
            messages.add(Json.MAPPER.createObjectNode().put("role", m.get("role").asText()).put("content", m.get("content").asText()));
        }
        messages.add(Json.MAPPER.createObjectNode().put("role", "assistant").put("content", reply(file, call.path("raw_response_obj"))));
        ObjectNode line = Json.MAPPER.createObjectNode();
        line.set("messages", messages);
        return line;
    }

    private static String reply(Path file, JsonNode raw) {
        JsonNode r = raw.path("clem_player").path("response");
        if (r.isTextual()) return r.asText();
        r = raw.path("choices").path(0).path("message").path("content");
        if (r.isTextual()) return r.asText();
        throw new LightbulbException(file + ": a call whose reply is neither clem_player.response nor choices[0].message.content");
    }

    /** clembench's episode score Success = 1 (an episode without scores is not a success). */
    private static boolean succeeded(Path scores) {
        if (!Files.isRegularFile(scores)) return false;
        JsonNode s = Json.read(scores).path("episode scores").path("Success");
        return s.isNumber() && s.asDouble() == 1;
    }
}
