package dev.lightbulb.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lightbulb.InputFiles;
import dev.lightbulb.LightbulbException;
import dev.lightbulb.model.io.GgufFile;
import dev.lightbulb.text.chat.ChatMessage;
import dev.lightbulb.text.chat.ChatTemplate;
import dev.lightbulb.text.chat.ClembenchMessageRules;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code lightbulb chat-template}: the prompt a model's chat template makes of a conversation. */
@Command(name = "chat-template", mixinStandardHelpOptions = true,
        description = "Render a conversation with a model's chat template (GGUF tokenizer.chat_template or "
                + "tokenizer_config.json), or a built-in one (--template).")
public final class ChatTemplateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--model", paramLabel = "FILE", description = "GGUF or tokenizer_config.json (or a tokenizer.json with one beside it)")
    Path model;

    @Option(names = "--template", paramLabel = "NAME", description = "built-in template: ${COMPLETION-CANDIDATES}",
            completionCandidates = BuiltinNames.class)
    String template;

    @Option(names = "--messages", required = true, paramLabel = "FILE.json",
            description = "JSON list of {\"role\", \"content\"} (or {\"messages\": [...]})")
    Path messages;

    @Option(names = "--add-generation-prompt", description = "end with the assistant's turn header")
    boolean addGenerationPrompt;

    @Option(names = "--clembench", description = "first apply clembench's rules (drop a leading empty system message, merge same-role runs)")
    boolean clembench;

    static final class BuiltinNames extends ArrayList<String> {
        BuiltinNames() { super(ChatTemplate.BUILTIN); }
    }

    @Override
    public Integer call() {
        ChatTemplate t = chooseTemplate();
        List<ChatMessage> conversation = readMessages(messages);
        if (clembench) conversation = ClembenchMessageRules.apply(conversation);
        PrintWriter out = spec.commandLine().getOut();
        out.print(t.render(conversation, addGenerationPrompt));
        out.flush();
        return 0;
    }

    private ChatTemplate chooseTemplate() {
        if (template != null) return ChatTemplate.builtin(template);
        if (model == null) throw new LightbulbException("give --model FILE or --template NAME");
        InputFiles.requireReadableFile("--model", model, "a GGUF file or tokenizer_config.json");
        ChatTemplate t;
        if (isGguf(model)) {
            try (GgufFile gguf = GgufFile.open(model)) {
                t = ChatTemplate.fromGguf(gguf);
            }
        } else {
            Path config = model.getFileName().toString().equals("tokenizer.json")
                    ? model.toAbsolutePath().resolveSibling("tokenizer_config.json") : model;
            if (!Files.isRegularFile(config)) throw new LightbulbException(config + ": no such file (the chat template lives there)");
            t = ChatTemplate.fromTokenizerConfig(config);
        }
        if (t == null) {
            throw new LightbulbException(model + ": has no chat template (tokenizer.chat_template / chat_template); "
                    + "choose a built-in one with --template " + ChatTemplate.BUILTIN);
        }
        return t;
    }

    private static boolean isGguf(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(4), StandardCharsets.ISO_8859_1).equals("GGUF");
        } catch (IOException e) {
            throw InputFiles.cannotRead(file, "the model file", e);
        }
    }

    static List<ChatMessage> readMessages(Path file) {
        InputFiles.requireReadableFile("--messages", file, "a JSON file of messages");
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new LightbulbException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        JsonNode list = root.isObject() ? root.get("messages") : root;
        if (list == null || !list.isArray()) throw new LightbulbException(file + ": expected a JSON list of messages (or {\"messages\": [...]})");
        List<ChatMessage> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode m = list.get(i);
            JsonNode role = m.get("role"), content = m.get("content");
            if (role == null || !role.isTextual()) throw new LightbulbException(file + ": message " + i + " has no string \"role\"");
            if (content == null || !content.isTextual()) throw new LightbulbException(file + ": message " + i + " has no string \"content\"");
            out.add(new ChatMessage(role.asText(), content.asText()));
        }
        return out;
    }
}
