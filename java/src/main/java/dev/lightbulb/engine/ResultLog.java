package dev.lightbulb.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lightbulb.LightbulbException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The JSONL output of a batch: one result a line, written and flushed as each finishes. Opening an existing file
 * resumes it: the ids already there are reported done, and a last line cut short by a crash (no newline at its end)
 * is dropped from the file so it is generated again.
 */
public final class ResultLog implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final OutputStream out;
    private final Set<String> done;

    private ResultLog(OutputStream out, Set<String> done) {
        this.out = out;
        this.done = done;
    }

    public static ResultLog open(Path file) {
        Set<String> done = new HashSet<>();
        try {
            if (Files.exists(file)) {
                byte[] bytes = Files.readAllBytes(file);
                int end = bytes.length;
                while (end > 0 && bytes[end - 1] != '\n') end--;          // a cut-off last line
                List<String> lines = Utf8Lines.split(file, bytes, end);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    int lineNo = i + 1;
                    if (line.isBlank()) continue;
                    JsonNode o;
                    try {
                        o = JSON.readTree(line);
                    } catch (IOException e) {
                        throw new LightbulbException("--out: " + file + " line " + lineNo + " is not valid JSON; it is not a results file of this command");
                    }
                    if (o == null || !o.path("id").isTextual()) throw new LightbulbException("--out: " + file + " line " + lineNo + " has no string field 'id'");
                    done.add(o.get("id").asText());
                }
                if (end < bytes.length) {
                    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) { ch.truncate(end); }
                }
            } else if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            return new ResultLog(Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND), done);
        } catch (IOException e) {
            throw new LightbulbException("--out: cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    /** Ids already in the file when it was opened. */
    public Set<String> done() { return Set.copyOf(done); }

    /** Appends one result as a line and flushes it. Safe from many threads. */
    public synchronized void write(GenerationResult r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", r.id());
        o.put("text", r.text());
        var ids = o.putArray("generated_ids");
        for (int t : r.generatedIds()) ids.add(t);
        o.put("finish_reason", r.finishReason().jsonName());
        var lp = o.putArray("logprobs");
        for (float p : r.logProbs()) lp.add(p);
        o.put("prompt_tokens", r.promptTokens());
        if (r.message() != null) o.put("message", r.message());
        try {
            out.write((JSON.writeValueAsString(o) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new LightbulbException("--out: cannot write: " + e.getMessage(), e);
        }
        done.add(r.id());
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new LightbulbException("--out: cannot close: " + e.getMessage(), e);
        }
    }
}
