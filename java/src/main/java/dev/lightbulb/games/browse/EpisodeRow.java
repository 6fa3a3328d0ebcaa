package dev.lightbulb.games.browse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lightbulb.games.Json;
import dev.lightbulb.games.Metrics;
import dev.lightbulb.games.Scores;
import dev.lightbulb.games.transcript.EpisodeFolder;
import dev.lightbulb.games.transcript.Transcript;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One episode as the browser lists it: where it is, how it ended, its Main Score (NaN where clembench leaves it
 * undefined), its turns and model calls, and the tokens those calls read and wrote where requests.json records them
 * (ours as {@code prompt_tokens}/{@code completion_tokens}, clembench's API backends under {@code usage}); -1 where not.
 */
public record EpisodeRow(EpisodeFolder episode, Transcript transcript, Scores scores, Outcome outcome, int turns,
                         int calls, long promptTokens, long generatedTokens) {

    public static EpisodeRow read(Transcript t) {
        EpisodeFolder e = t.episode();
        Path scoresFile = e.dir().resolve("scores.json");
        Scores scores = t.failure() == null && Files.isRegularFile(scoresFile) ? Scores.fromJson(Json.read(scoresFile)) : null;
        int calls = -1;
        long prompt = -1, generated = -1;
        Path requestsFile = e.dir().resolve("requests.json");
        if (Files.isRegularFile(requestsFile)) {
            JsonNode requests = Json.read(requestsFile);
            calls = requests.size();
            for (JsonNode r : requests) {
                JsonNode raw = r.path("raw_response_obj");
                JsonNode usage = raw.has("completion_tokens") ? raw : raw.path("usage");
                if (usage.has("prompt_tokens")) prompt = Math.max(prompt, 0) + usage.path("prompt_tokens").asLong();
                if (usage.has("completion_tokens")) generated = Math.max(generated, 0) + usage.path("completion_tokens").asLong();
            }
        }
        return new EpisodeRow(e, t, scores, Outcome.of(t.failure() != null, scores), t.turns(), calls, prompt, generated);
    }

    /** The episode's Main Score, NaN without scores or where undefined (an aborted episode's). */
    public double mainScore() { return score(Metrics.MAIN_SCORE); }

    public double score(String metric) {
        Number v = scores == null ? null : scores.episode().get(metric);
        return v == null ? Double.NaN : v.doubleValue();
    }
}
