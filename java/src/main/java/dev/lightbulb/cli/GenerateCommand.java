package dev.lightbulb.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lightbulb.LightbulbException;
import dev.lightbulb.backend.Backend;
import dev.lightbulb.backend.Backends;
import dev.lightbulb.backend.sampling.SamplingParams;
import dev.lightbulb.games.Shard;
import dev.lightbulb.model.FinishReason;
import dev.lightbulb.model.Generation;
import dev.lightbulb.model.Generator;
import dev.lightbulb.model.LoadedModel;
import dev.lightbulb.text.TokenDecoder;
import dev.lightbulb.text.Tokenizer;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lightbulb generate}: one prompt, one completion ({@code --prompt}); or a JSONL file of requests through
 * the batching engine ({@code --prompts IN --out OUT}, see {@link BatchGeneration}). Both apply the engine's context
 * rule: prompt + max tokens beyond the context means no tokens and finish reason {@code context}; a batch records that
 * in its line, a single prompt prints the reason (and the JSON object with {@code --json}) and exits with code 2.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Complete a prompt (--prompt) or a JSONL file of prompts (--prompts, --out; continuous batching, resumable) with a model (default: the bundled stories260K).")
public final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "FILE|DIR", description = "GGUF file, llama2.c .bin or Hugging Face folder (default: bundled stories260K)")
    Path model;

    @Option(names = "--tokenizer", paramLabel = "FILE", description = "llama2.c tokenizer.bin (default: from the GGUF, or tokenizer.bin beside a .bin model)")
    Path tokenizer;

    @Option(names = "--lora", paramLabel = "ADAPTER", description = "apply a LoRA adapter unmerged: a llama.cpp GGUF adapter or a PEFT folder (from finetune)")
    Path lora;

    @Option(names = "--prompt", paramLabel = "TEXT", description = "one prompt")
    String prompt;

    @Option(names = "--prompts", paramLabel = "IN.jsonl", description = "JSONL requests: {\"id\", \"prompt\" | \"messages\", optional max_tokens, temperature, top_k, top_p, min_p, seed, stop}; the other options are their defaults")
    Path prompts;

    @Option(names = "--out", paramLabel = "OUT.jsonl", description = "with --prompts: one result line per request, written as each finishes; an existing file is resumed")
    Path out;

    @Option(names = "--shard", paramLabel = "K/N", description = "with --prompts: generate only shard K of N (1-based) of the lines, "
            + "balanced by expected tokens (prompt + max_tokens); the N shards' --out files together hold what one unsharded run writes")
    String shard;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "16", description = "with --prompts: sequences generated at once (default ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--no-prefix-sharing", description = "with --prompts: compute every prompt in full instead of sharing identical prefixes")
    boolean noPrefixSharing;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "256", description = "tokens to generate at most; a prompt whose length plus this exceeds the model's context is refused (finish reason context, exit 2) (default ${DEFAULT-VALUE})")
    int maxTokens;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0", description = "0 = greedy (default ${DEFAULT-VALUE})")
    float temperature;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "0", description = "0 = off")
    int topK;

    @Option(names = "--top-p", paramLabel = "P", defaultValue = "1", description = "1 = off")
    float topP;

    @Option(names = "--min-p", paramLabel = "P", defaultValue = "0", description = "0 = off")
    float minP;

    @Option(names = "--repetition-penalty", paramLabel = "R", defaultValue = "1", description = "1 = off")
    float repetitionPenalty;

    @Option(names = "--presence-penalty", paramLabel = "P", defaultValue = "0", description = "0 = off")
    float presencePenalty;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "sampling seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "auto", description = "auto, cpu or cuda (default ${DEFAULT-VALUE})")
    String backendName;

    @Option(names = "--json", description = "with --prompt: print one JSON object instead of the text")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        checkMode();
        SamplingParams params;
        try {
            params = new SamplingParams(temperature, topK, topP, minP, repetitionPenalty, presencePenalty, seed);
        } catch (IllegalArgumentException e) {
            throw new LightbulbException("sampling options: " + e.getMessage());
        }
        if (maxTokens < 0) throw new LightbulbException("--max-tokens must be >= 0, got " + maxTokens);
        ModelArgument modelArg = ModelArgument.of(model);
        Path modelFile = modelArg.file();
        if (prompts != null) {
            Shard part = shard == null ? null : Shard.parse(shard);
            BatchGeneration.run(modelFile, tokenizer, lora, backendName, prompts, part, out, SamplingOptions.concurrency(concurrency),
                    !noPrefixSharing, maxTokens, params);
            return 0;
        }
        try (Backend backend = Backends.create(backendName);
             LoadedModel loaded = LoadedModel.open(modelFile, tokenizer, backend, null, lora)) {
            var tok = loaded.tokenizer();
            int[] promptIds = tok.encode(prompt, tok.addBos());
            String refused = contextRefusal(modelArg, promptIds.length, loaded.model().config().contextLength());
            if (refused != null) {
                // the engine's result for such a request, printed as --json asks; the exit code says nothing was generated
                if (json) printJson(modelArg, backend, tok, new Generation(promptIds, new int[0], new float[0], FinishReason.CONTEXT, 0, 0), refused);
                throw new LightbulbException(refused);
            }
            Generator.checkPrompt(loaded.model(), promptIds, maxTokens);
            PrintStream out = System.out;
            // plain output streams: the prompt, then each token's text as soon as it is complete UTF-8
            TokenDecoder stream = tok.newDecoder();
            if (!json) { out.print(prompt); out.flush(); }
            IntConsumer onToken = json ? t -> { } : t -> {
                if (tok.isEndOfGeneration(t)) return;
                out.print(stream.push(t));
                out.flush();
            };
            Generation g = Generator.generate(loaded.model(), promptIds, maxTokens, params, tok::isEndOfGeneration,
                    Generator.PREFILL_CHUNK, onToken);
            if (json) {
                printJson(modelArg, backend, tok, g, null);
            } else {
                out.println(stream.flush());
                out.flush();
                System.err.printf("[%d prompt tokens in %.1f ms, %d generated, %.1f tokens/s, %s, finish: %s]%n",
                        g.promptIds().length, g.promptMillis(), g.generatedIds().length, g.decodeTokensPerSecond(),
                        backend.device(), g.finishReason().jsonName());
            }
        }
        return 0;
    }

    /**
     * The engine's context rule (clembench's), the same as for {@code --prompts}: a prompt whose length plus
     * {@code --max-tokens} exceeds the context is refused up front rather than cut off when the context fills.
     * Returns the reason, or null when it fits.
     */
    private String contextRefusal(ModelArgument modelArg, int promptTokens, int context) {
        if ((long) promptTokens + maxTokens <= context) return null;
        return modelArg.recordedName() + ": the prompt has " + promptTokens + " tokens; with --max-tokens " + maxTokens
                + " that exceeds the model's context length of " + context + " (finish reason context, nothing generated)";
    }

    /** One JSON object on stdout: the ids, the text, why it finished ({@code message} says why when refused) and timings. */
    private static void printJson(ModelArgument modelArg, Backend backend, Tokenizer tok, Generation g, String message) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode o = mapper.createObjectNode();
        o.put("model", modelArg.recordedName());
        o.put("backend", backend.name());
        o.set("prompt_ids", mapper.valueToTree(g.promptIds()));
        o.set("generated_ids", mapper.valueToTree(g.generatedIds()));
        o.put("text", continuation(tok, g.promptIds(), g.generatedIds()));
        o.put("finish_reason", g.finishReason().jsonName());
        if (message != null) o.put("message", message);
        o.put("prompt_ms", g.promptMillis());
        o.put("decode_ms", g.decodeMillis());
        o.put("tokens_per_second", g.decodeTokensPerSecond());
        System.out.println(o.toString());
        System.out.flush();
    }

    /** The two modes take different options: one given to the wrong mode would be silently ignored, so it is an error. */
    private void checkMode() {
        if (prompt != null && prompts != null) throw new LightbulbException("give either --prompt TEXT or --prompts FILE, not both");
        if (prompt == null && prompts == null) throw new LightbulbException("give either --prompt TEXT or --prompts FILE");
        if (prompts != null) {
            rejectIn("--prompts", "--json");
            if (out == null) throw new LightbulbException("--prompts needs --out FILE");
        } else {
            rejectIn("--prompt", "--out", "--concurrency", "--no-prefix-sharing", "--shard");
        }
    }

    private void rejectIn(String mode, String... options) {
        for (String o : options) {
            if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
                throw new LightbulbException(o + " does not apply to " + mode + " (see generate --help)");
            }
        }
    }

    /**
     * The generated text as it continues the prompt: decoding the generated ids alone would drop the space a
     * SentencePiece vocabulary keeps at the start of its first token ("▁liked" after "Lily").
     */
    static String continuation(Tokenizer tok, int[] prompt, int[] generated) {
        int[] all = java.util.Arrays.copyOf(prompt, prompt.length + generated.length);
        System.arraycopy(generated, 0, all, prompt.length, generated.length);
        String full = tok.decode(all), head = tok.decode(prompt);
        return full.startsWith(head) ? full.substring(head.length()) : tok.decode(generated);
    }
}
