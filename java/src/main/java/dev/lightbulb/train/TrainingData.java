package dev.lightbulb.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lightbulb.Excerpt;
import dev.lightbulb.InputFiles;
import dev.lightbulb.LightbulbException;
import dev.lightbulb.engine.ChatFormat;
import dev.lightbulb.text.Tokenizer;
import dev.lightbulb.text.chat.ChatMessage;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Training data from a JSONL file, one example a line, in either convention:
 * <ul>
 *   <li>chat, {@code {"messages": [{"role": …, "content": …}, …]}} (Hugging Face TRL, OpenAI finetuning): every
 *       assistant message becomes one document, the conversation before it rendered by the model's chat format
 *       (with the generation prompt) and then the reply and end-of-sequence, learned on the reply and end only. Prompt
 *       and reply are tokenized apart, as at inference, where the prompt is encoded and the reply generated after it;</li>
 *   <li>text, {@code {"text": …}}: one document, learned on every token.</li>
 * </ul>
 */
public final class TrainingData {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TrainingData() {}

    /** Reads {@code file}; a malformed line, an empty file or one with nothing to learn is an error naming the file (and line). */
    public static List<TrainingExample> read(Path file, Tokenizer tokenizer, ChatFormat format) {
        InputFiles.requireReadableFile("--data", file, "a JSONL file of {\"messages\": …} or {\"text\": …} lines");
        List<TrainingExample> examples = new ArrayList<>();
        int lineNumber = 0, jsonLines = 0;
        try (BufferedReader in = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)))) {
            for (String line; (line = in.readLine()) != null; ) {
                lineNumber++;
                if (lineNumber == 1 && line.startsWith("\uFEFF")) line = line.substring(1);
                if (line.isBlank()) continue;
                jsonLines++;
                examples.addAll(parseLine(file, lineNumber, line, tokenizer, format));
            }
        } catch (CharacterCodingException e) {
            throw new LightbulbException(file + ":" + (lineNumber + 1) + ": not UTF-8 text");
        } catch (IOException e) {
            throw InputFiles.cannotRead(file, "the training data", e);
        }
        if (jsonLines == 0) throw new LightbulbException(file + ": no training examples (the file has no JSON lines)");
        if (examples.stream().mapToInt(TrainingExample::learnedTokens).sum() == 0) {
            throw new LightbulbException(file + ": nothing to learn: no assistant reply (chat) or text with more than one token");
        }
        return examples;
    }

    private static List<TrainingExample> parseLine(Path file, int line, String text, Tokenizer tokenizer, ChatFormat format) {
        String where = file + ":" + line + ": ";
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new LightbulbException(where + "not JSON: " + Excerpt.message(e.getOriginalMessage()));
        }
        if (node == null || !node.isObject()) throw new LightbulbException(where + "expected a JSON object, got " + Excerpt.quote(text));
        if (node.has("messages")) return chat(where, node.get("messages"), tokenizer, format);
        if (node.has("text")) {
            JsonNode t = node.get("text");
            if (!t.isTextual()) throw new LightbulbException(where + "\"text\" must be a string");
            int[] ids = tokenizer.encode(t.asText(), tokenizer.addBos());
            boolean[] learn = new boolean[ids.length];
            java.util.Arrays.fill(learn, true);
            return List.of(new TrainingExample(ids, learn));
        }
        throw new LightbulbException(where + "expected a \"messages\" or a \"text\" field");
    }

    private static List<TrainingExample> chat(String where, JsonNode messages, Tokenizer tokenizer, ChatFormat format) {
        if (!messages.isArray() || messages.isEmpty()) throw new LightbulbException(where + "\"messages\" must be a non-empty array");
        List<ChatMessage> history = new ArrayList<>();
        List<TrainingExample> out = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            JsonNode role = m.get("role"), content = m.get("content");
            if (role == null || !role.isTextual() || content == null || !content.isTextual()) {
                throw new LightbulbException(where + "message " + (i + 1) + " needs a string \"role\" and a string \"content\"");
            }
            String r = role.asText();
            if (!r.equals("system") && !r.equals("user") && !r.equals("assistant")) {
                throw new LightbulbException(where + "message " + (i + 1) + " has role " + Excerpt.quote(r) + "; expected system, user or assistant");
            }
            if (r.equals("assistant") && !history.isEmpty()) out.add(reply(format.render(history), content.asText(), tokenizer));
            history.add(new ChatMessage(r, content.asText()));
        }
        return out;
    }

    private static TrainingExample reply(String prompt, String reply, Tokenizer tokenizer) {
        int[] p = tokenizer.encode(prompt, tokenizer.addBos(), true);
        int[] r = tokenizer.encode(reply, false);
        int[] ids = new int[p.length + r.length + 1];
        boolean[] learn = new boolean[ids.length];
        System.arraycopy(p, 0, ids, 0, p.length);
        System.arraycopy(r, 0, ids, p.length, r.length);
        ids[ids.length - 1] = tokenizer.eos();
        for (int i = p.length; i < ids.length; i++) learn[i] = true;
        return new TrainingExample(ids, learn);
    }
}
