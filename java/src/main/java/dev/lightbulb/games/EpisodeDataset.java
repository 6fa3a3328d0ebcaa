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

    /** Writes the chat lines of every episode under {@code root} to {@code out} (atomically). */
    public static Written write(Path root, Path out, boolean onlySuccess) {
        if (!Files.isDirectory(root)) throw new LightbulbException(root + ": not a results folder");
        List<Path> episodes;
        try (Stream<Path> s = Files.walk(root)) {
            episodes = s.filter(p -> p.getFileName().toString().equals("requests.json")
                    && p.getParent().getFileName().toString().startsWith("episode_")).sorted().toList();
        } catch (IOException e) {
            throw new LightbulbException(root + ": cannot list the folder: " + e.getMessage(), e);
        }
        if (episodes.isEmpty()) throw new LightbulbException(root + ": no episode with a requests.json below it");
        int used = 0, lines = 0, skipped = 0;
        Path temp = out.resolveSibling(out.getFileName() + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            for (Path requests : episodes) {
                if (onlySuccess && !succeeded(requests.resolveSibling("scores.json"))) {
                    skipped++;
                    continue;
                }
                JsonNode calls = Json.read(requests);
                if (!calls.isArray()) throw new LightbulbException(requests + ": expected a list of model calls");
                for (JsonNode call : calls) {
                    w.write(Json.MAPPER.writeValueAsString(chat(requests, call)));
                    w.write('\n');
                    lines++;
                }
                used++;
            }
        } catch (IOException e) {
            throw new LightbulbException(out + ": cannot write: " + e.getMessage(), e);
        }
        OutputFiles.replace(temp, out);
        return new Written(used, lines, skipped);
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
