package dev.lightbulb.text.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import dev.lightbulb.Excerpt;
import dev.lightbulb.LightbulbException;
import dev.lightbulb.text.GgufMetadata;
import jinjava.javax.el.CompositeELResolver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Hugging Face chat template (Jinja) rendered with jinjava the way transformers' apply_chat_template renders it:
 * trim_blocks and lstrip_blocks on, one trailing newline of the template dropped (Jinja's keep_trailing_newline
 * is off), variables {@code messages}, {@code add_generation_prompt}, {@code bos_token}, {@code eos_token}, the
 * function {@code raise_exception}, and Python's string methods. Message text is data: a {@code {{ }}} inside
 * a message is printed, never evaluated.
 */
public final class ChatTemplate {
    /** Started on first render, not when the class loads: listing the built-in names must not start Jinjava. */
    private static final class Engine {
        static final Jinjava JINJAVA = newJinjava();
    }

    private final String name;
    private final String source;
    /** The source as jinjava gets it (see {@link JinjaCompat}). */
    private final String prepared;
    private final String bosToken;
    private final String eosToken;

    public ChatTemplate(String name, String source, String bosToken, String eosToken) {
        this.name = name;
        this.source = source.endsWith("\n") ? source.substring(0, source.length() - 1) : source;
        try {
            this.prepared = JinjaCompat.apply(this.source);
        } catch (IllegalArgumentException e) {
            throw new LightbulbException("chat template " + name + ": " + Excerpt.message(e.getMessage()));
        }
        this.bosToken = bosToken == null ? "" : bosToken;
        this.eosToken = eosToken == null ? "" : eosToken;
    }

    private static Jinjava newJinjava() {
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new PythonMethods());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                .withNestedInterpretationEnabled(false)
                .withElResolver(resolver)
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        .withUseTrimmingForNotesAndExpressions(true) // {{- x -}} trims like {%- -%} (Jinja)
                        .withParseWhitespaceControlStrictly(true)
                        .withUseNaturalOperatorPrecedence(true)      // a + b | trim filters b only (Jinja)
                        .withUsePyishObjectMapper(true)              // True/False/None as Python prints them
                        .build())
                .build();
        Jinjava j = new Jinjava(config);
        j.getGlobalContext().registerFunction(new ELFunctionDefinition("", "raise_exception",
                TemplateFunctions.class, "raiseException", String.class));
        j.getGlobalContext().registerExpTest(new PythonIterableTest());
        j.getGlobalContext().registerFunction(new ELFunctionDefinition("", "strftime_now",
                TemplateFunctions.class, "strftimeNow", String.class));
        return j;
    }

    /** The names of the built-in templates (resources), for models that carry none. */
    public static final List<String> BUILTIN = List.of("llama-2", "llama-3", "chatml", "mistral", "phi-3", "gemma");

    /** A built-in template by name, with the family's BOS/EOS texts. */
    public static ChatTemplate builtin(String name) {
        Map<String, String[]> specials = Map.of(
                "llama-2", new String[] {"<s>", "</s>"},
                "llama-3", new String[] {"<|begin_of_text|>", "<|eot_id|>"},
                "chatml", new String[] {"", "<|im_end|>"},
                "mistral", new String[] {"<s>", "</s>"},
                "phi-3", new String[] {"<s>", "<|endoftext|>"},
                "gemma", new String[] {"<bos>", "<eos>"});
        String[] be = specials.get(name);
        if (be == null) throw new LightbulbException("unknown built-in chat template '" + name + "' (known: " + BUILTIN + ")");
        String resource = "/dev/lightbulb/text/templates/" + name + ".jinja";
        try (InputStream in = ChatTemplate.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing resource " + resource);
            return new ChatTemplate(name, new String(in.readAllBytes(), StandardCharsets.UTF_8), be[0], be[1]);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + resource, e);
        }
    }

    /** {@code tokenizer.chat_template} of a GGUF file, BOS/EOS texts from its vocabulary; null if it has none. */
    public static ChatTemplate fromGguf(GgufMetadata gguf) {
        if (!gguf.contains("tokenizer.chat_template")) return null;
        String[] tokens = gguf.contains("tokenizer.ggml.tokens") ? gguf.getStringArray("tokenizer.ggml.tokens") : new String[0];
        String bos = tokenText(tokens, gguf.optLong("tokenizer.ggml.bos_token_id", -1));
        String eos = tokenText(tokens, gguf.optLong("tokenizer.ggml.eos_token_id", -1));
        return new ChatTemplate(gguf.path().getFileName() + ":tokenizer.chat_template",
                gguf.getString("tokenizer.chat_template"), bos, eos);
    }

    /**
     * The GGUF's own template, or for a model that carries none, the built-in template whose turn markers are
     * tokens of its vocabulary (<|start_header_id|>: llama-3, <|im_start|>: chatml, <start_of_turn>: gemma,
     * <|user|>: phi-3, [INST]: mistral); null if none fits.
     */
    public static ChatTemplate forGguf(GgufMetadata gguf) {
        ChatTemplate own = fromGguf(gguf);
        if (own != null || !gguf.contains("tokenizer.ggml.tokens")) return own;
        java.util.Set<String> tokens = java.util.Set.of(gguf.getStringArray("tokenizer.ggml.tokens"));
        String[][] markers = {{"<|start_header_id|>", "llama-3"}, {"<|im_start|>", "chatml"},
                {"<start_of_turn>", "gemma"}, {"<|user|>", "phi-3"}, {"[INST]", "mistral"}};
        for (String[] m : markers) if (tokens.contains(m[0])) return builtin(m[1]);
        return null;
    }

    private static String tokenText(String[] tokens, long id) {
        return id >= 0 && id < tokens.length ? tokens[(int) id] : "";
    }

    /**
     * {@code chat_template} of a Hugging Face {@code tokenizer_config.json} (a string, or a list of
     * {name, template} of which "default" is taken); {@code bos_token}/{@code eos_token} as strings or
     * {"content": ...}. Null if it has none.
     */
    public static ChatTemplate fromTokenizerConfig(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new LightbulbException(file + ": not a readable JSON tokenizer config: " + e.getMessage(), e);
        }
        JsonNode t = root.get("chat_template");
        if (t == null || t.isNull()) return null;
        String source = null;
        if (t.isTextual()) source = t.asText();
        else if (t.isArray()) {
            for (JsonNode named : t) if ("default".equals(named.path("name").asText())) source = named.path("template").asText();
        }
        if (source == null) throw new LightbulbException(file + ": chat_template is neither a string nor a list with a \"default\" template");
        return new ChatTemplate(file.getFileName() + ":chat_template", source, special(root.get("bos_token")), special(root.get("eos_token")));
    }

    private static String special(JsonNode n) {
        if (n == null || n.isNull()) return "";
        return n.isTextual() ? n.asText() : n.path("content").asText("");
    }

    public String name() { return name; }
    public String source() { return source; }
    public String bosToken() { return bosToken; }
    public String eosToken() { return eosToken; }

    /** Renders the conversation; a template's raise_exception or a template error is a LightbulbException. */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
        return render(messages, addGenerationPrompt, Map.of());
    }

    /**
     * As {@link #render(List, boolean)}, with extra template variables (apply_chat_template's keyword arguments,
     * e.g. {@code date_string} to pin the date Llama 3.1+ templates print, which otherwise is today's).
     */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt, Map<String, ?> extraVariables) {
        List<Map<String, Object>> list = new ArrayList<>(messages.size());
        for (ChatMessage m : messages) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("role", m.role());
            map.put("content", m.content());
            list.add(map);
        }
        Map<String, Object> vars = new HashMap<>(extraVariables);
        vars.put("strftime_now", "a function"); // so that "strftime_now is defined" holds, as in transformers
        vars.put("messages", list);
        vars.put("add_generation_prompt", addGenerationPrompt);
        vars.put("bos_token", bosToken);
        vars.put("eos_token", eosToken);
        RenderResult result = Engine.JINJAVA.renderForResult(prepared, vars);
        for (TemplateError e : result.getErrors()) {
            Throwable cause = e.getException();
            while (cause != null && !(cause instanceof TemplateFunctions.TemplateRaised)) cause = cause.getCause();
            if (cause != null) throw new LightbulbException("chat template " + name + " refused the conversation: " + Excerpt.message(cause.getMessage()));
            if (e.getSeverity() == TemplateError.ErrorType.FATAL) {
                throw new LightbulbException("chat template " + name + ": " + Excerpt.message(e.getMessage()) + " (line " + e.getLineno() + ")");
            }
        }
        return result.getOutput();
    }

    @Override
    public String toString() {
        return "ChatTemplate[" + name + "]";
    }
}
