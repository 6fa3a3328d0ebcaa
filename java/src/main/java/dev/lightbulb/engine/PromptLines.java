package dev.lightbulb.engine;

import dev.lightbulb.text.chat.ChatMessage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lightbulb.Excerpt;
import dev.lightbulb.InputFiles;
import dev.lightbulb.LightbulbException;
import dev.lightbulb.backend.sampling.SamplingParams;
import dev.lightbulb.text.Tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a JSONL file of generation requests, one object a line: {@code id} and either {@code prompt} (plain text,
 * tokenised with BOS as the vocabulary wants) or {@code messages} ({@code [{"role", "content"}]}, rendered with the
 * engine's chat format), with optional {@code max_tokens}, {@code temperature}, {@code top_k}, {@code top_p},
 * {@code min_p}, {@code seed}, {@code stop} (a string or a list). Blank lines are skipped; any other bad line is an
 * error naming the file, the line number and the field.
 */
public final class PromptLines {
    private PromptLines() {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("id", "prompt", "messages", "max_tokens", "temperature", "top_k", "top_p", "min_p", "seed", "stop");

    /** Defaults for the optional fields. */
    public record Defaults(int maxTokens, SamplingParams sampling) {}

    public static List<GenerationRequest> read(Path file, Tokenizer tokenizer, Defaults defaults) {
        if (Files.isDirectory(file)) throw new LightbulbException("--prompts: " + file + " is a directory, not a JSONL file");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new LightbulbException("--prompts: " + file + ": cannot read: " + InputFiles.reason(e), e);
        }
        List<GenerationRequest> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<String> lines = Utf8Lines.split(file, bytes, bytes.length);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            String where = file + " line " + (i + 1);
            GenerationRequest r = parse(line, where, tokenizer, defaults);
            if (!ids.add(r.id())) throw new LightbulbException(where + ": id " + Excerpt.quote(r.id()) + " was already used by an earlier line");
            out.add(r);
        }
        return out;
    }

    static GenerationRequest parse(String line, String where, Tokenizer tokenizer, Defaults defaults) {
        JsonNode o;
        try {
            o = JSON.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new LightbulbException(where + ": not valid JSON (" + Excerpt.message(e.getOriginalMessage()) + ")");
        }
        if (o == null || !o.isObject()) throw new LightbulbException(where + ": expected a JSON object");
        for (var it = o.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) throw new LightbulbException(where + ": unknown field " + Excerpt.quote(f) + " (expected one of " + new java.util.TreeSet<>(FIELDS) + ")");
        }
        JsonNode id = o.get("id");
        if (id == null || !(id.isTextual() || id.isIntegralNumber())) throw new LightbulbException(where + ": field 'id' is missing or not a string");
        boolean hasPrompt = o.has("prompt"), hasMessages = o.has("messages");
        if (hasPrompt == hasMessages) throw new LightbulbException(where + ": give exactly one of 'prompt' and 'messages'");
        SamplingParams d = defaults.sampling();
        SamplingParams sampling;
        try {
            sampling = new SamplingParams((float) number(o, "temperature", d.temperature(), where), (int) integer(o, "top_k", d.topK(), where),
                    (float) number(o, "top_p", d.topP(), where), (float) number(o, "min_p", d.minP(), where),
                    d.repetitionPenalty(), d.presencePenalty(), integer(o, "seed", d.seed(), where));
        } catch (IllegalArgumentException e) {
            throw new LightbulbException(where + ": " + e.getMessage());
        }
        long maxTokens = integer(o, "max_tokens", defaults.maxTokens(), where);
        if (maxTokens < 0 || maxTokens > Integer.MAX_VALUE) throw new LightbulbException(where + ": field 'max_tokens' must be >= 0, got " + maxTokens);
        List<String> stop = stops(o.get("stop"), where);
        if (hasPrompt) {
            JsonNode p = o.get("prompt");
            if (!p.isTextual()) throw new LightbulbException(where + ": field 'prompt' must be a string");
            int[] ids = tokenizer.encode(p.asText(), tokenizer.addBos());
            return new GenerationRequest(id.asText(), ids, null, sampling, (int) maxTokens, stop, null);
        }
        JsonNode m = o.get("messages");
        if (!m.isArray() || m.isEmpty()) throw new LightbulbException(where + ": field 'messages' must be a non-empty list");
        List<ChatMessage> turns = new ArrayList<>();
        for (int i = 0; i < m.size(); i++) {
            JsonNode t = m.get(i);
            if (!t.isObject() || !t.path("role").isTextual() || !t.path("content").isTextual()) {
                throw new LightbulbException(where + ": messages[" + i + "] needs string fields 'role' and 'content'");
            }
            turns.add(new ChatMessage(t.get("role").asText(), t.get("content").asText()));
        }
        return new GenerationRequest(id.asText(), null, turns, sampling, (int) maxTokens, stop, null);
    }

    private static double number(JsonNode o, String field, double dflt, String where) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) return dflt;
        if (!v.isNumber()) throw new LightbulbException(where + ": field '" + field + "' must be a number");
        return v.asDouble();
    }

    private static long integer(JsonNode o, String field, long dflt, String where) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) return dflt;
        if (!v.isIntegralNumber()) throw new LightbulbException(where + ": field '" + field + "' must be an integer");
        return v.asLong();
    }

    private static List<String> stops(JsonNode v, String where) {
        if (v == null || v.isNull()) return List.of();
        if (v.isTextual() && !v.asText().isEmpty()) return List.of(v.asText());
        List<String> out = new ArrayList<>();
        if (v.isArray()) for (JsonNode s : v) if (s.isTextual() && !s.asText().isEmpty()) out.add(s.asText());
        if (out.isEmpty() || (v.isArray() && out.size() != v.size())) throw new LightbulbException(where + ": field 'stop' must be a non-empty string or a list of them");
        return out;
    }
}
