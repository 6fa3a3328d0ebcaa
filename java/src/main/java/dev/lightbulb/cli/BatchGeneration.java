package dev.lightbulb.cli;

import dev.lightbulb.backend.Backend;
import dev.lightbulb.backend.Backends;
import dev.lightbulb.backend.sampling.SamplingParams;
import dev.lightbulb.engine.ChatFormat;
import dev.lightbulb.engine.Engine;
import dev.lightbulb.engine.EngineOptions;
import dev.lightbulb.engine.GenerationRequest;
import dev.lightbulb.engine.GenerationResult;
import dev.lightbulb.engine.PromptLines;
import dev.lightbulb.engine.ResultLog;
import dev.lightbulb.games.Shard;
import dev.lightbulb.model.LoadedModel;
import me.tongfei.progressbar.ProgressBar;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code generate --prompts IN --out OUT}: every request of a JSONL file through the engine at once; each result is
 * appended to OUT the moment it finishes; ids already in OUT are skipped, so a stopped run resumes. A progress bar
 * (requests done, tokens/s) goes to stderr.
 */
final class BatchGeneration {
    private BatchGeneration() {}

    /**
     * {@code tokenizerFile} may be null (the GGUF's own, or tokenizer.bin beside a llama2.c model); so may {@code lora};
     * {@code shard} null for every line, else only that shard's lines ({@link #shardOf}).
     */
    static void run(Path modelFile, Path tokenizerFile, Path lora, String backendName, Path prompts, Shard shard, Path out, int concurrency,
                    boolean prefixSharing, int maxTokens, SamplingParams defaults) {
        try (Backend b = Backends.create(backendName); LoadedModel m = LoadedModel.open(modelFile, tokenizerFile, b, null, lora)) {
            List<GenerationRequest> all = PromptLines.read(prompts, m.tokenizer(), new PromptLines.Defaults(maxTokens, defaults));
            if (shard != null) all = shardOf(all, shard);
            try (ResultLog log = ResultLog.open(out)) {
                Set<String> done = log.done();
                List<GenerationRequest> todo = all.stream().filter(r -> !done.contains(r.id())).toList();
                EngineOptions options = Engine.defaultOptions(m.model(), concurrency).withPrefixSharing(prefixSharing);
                try (Engine engine = new Engine(m.model(), m.tokenizer(), ChatFormat.orPlain(m.chatTemplate()), options)) {
                    long start = System.nanoTime();
                    generate(engine, todo, log, all.size() - todo.size());
                    System.err.println("generate: " + engine.stats().summary((System.nanoTime() - start) / 1e9)
                            + (todo.size() < all.size() ? "; " + (all.size() - todo.size()) + " already in " + out : ""));
                }
            }
        }
    }

    /**
     * The shard's requests, in file order: a partition of all the file's requests (every shard reads the whole file),
     * balanced by expected tokens, the prompt's plus max_tokens (a chat's prompt counted as a quarter of its characters,
     * as it is rendered only in the engine).
     */
    static List<GenerationRequest> shardOf(List<GenerationRequest> all, Shard shard) {
        return shard.select(all, r -> r.maxTokens() + (r.promptIds() != null ? r.promptIds().length
                : r.messages().stream().mapToInt(msg -> msg.content().length()).sum() / 4.0));
    }

    private static void generate(Engine engine, List<GenerationRequest> todo, ResultLog log, int skipped) {
        AtomicLong tokens = new AtomicLong();
        long start = System.nanoTime();
        try (ProgressBar bar = ProgressBars.create("generate", todo.size(), System.err)) {
            if (skipped > 0) bar.setExtraMessage(skipped + " already done");
            List<CompletableFuture<GenerationResult>> futures = new ArrayList<>();
            for (GenerationRequest r : todo) {
                futures.add(engine.submit(r).thenApply(res -> {
                    log.write(res);
                    long n = tokens.addAndGet(res.generatedTokens());
                    bar.step();
                    bar.setExtraMessage(String.format("%.1f tok/s", n * 1e9 / (System.nanoTime() - start)));
                    return res;
                }));
            }
            for (CompletableFuture<GenerationResult> f : futures) {
                try {
                    f.join();
                } catch (CompletionException e) {
                    if (e.getCause() instanceof RuntimeException re) throw re;
                    throw e;
                }
            }
        }
    }
}
