package dev.lightbulb.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lightbulb.LightbulbException;
import dev.lightbulb.OutputFiles;
import dev.lightbulb.backend.Backend;
import dev.lightbulb.backend.Backends;
import dev.lightbulb.backend.sampling.SamplingParams;
import dev.lightbulb.engine.ChatFormat;
import dev.lightbulb.engine.Engine;
import dev.lightbulb.engine.GenerationRequest;
import dev.lightbulb.engine.GenerationResult;
import dev.lightbulb.model.LoadedModel;
import dev.lightbulb.games.EpisodeDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code lightbulb dataset episodes|sample}: finetuning data from recorded games, pretraining text sampled from a model. */
@Command(name = "dataset", mixinStandardHelpOptions = true, description = "Make finetuning data",
        subcommands = {DatasetCommand.Episodes.class, DatasetCommand.Sample.class})
public final class DatasetCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "episodes", mixinStandardHelpOptions = true,
            description = "Every model call of the recorded clembench episodes under DIR as one chat JSONL line (prompt messages + the reply as the assistant's), for finetune --data")
    static final class Episodes implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", description = "a results folder (clembench layout)")
        Path dir;

        @Option(names = "--out", required = true, paramLabel = "OUT.jsonl", description = "the chat JSONL to write")
        Path out;

        @Option(names = "--only-success", description = "only episodes whose scores.json says Success = 1")
        boolean onlySuccess;

        @Option(names = "--role", paramLabel = "N", description = "only the calls of player N, numbered in the order the game first "
                + "calls them (taboo: 1 describer, 2 guesser; wordle_withcritic: 1 guesser, 2 critic)")
        Integer role;

        @Override
        public Integer call() {
            EpisodeDataset.Written w = EpisodeDataset.write(dir, out, onlySuccess, role);
            System.out.println(out + ": " + w.lines() + " chat lines from " + w.episodes() + " episodes"
                    + (onlySuccess ? " (" + w.skippedEpisodes() + " episodes without success left out)" : ""));
            return 0;
        }
    }

    @Command(name = "sample", mixinStandardHelpOptions = true,
            description = "Text sampled from a model (default: the bundled stories260K), one {\"text\": …} JSONL line per sample: a pretraining "
                    + "corpus for finetune --init random, and held-out text for its loss (another --seed gives a disjoint draw)")
    static final class Sample implements Callable<Integer> {
        @Option(names = "--model", paramLabel = "FILE", description = "the model to sample (default: bundled stories260K)")
        Path model;

        @Option(names = "--n", required = true, paramLabel = "N", description = "how many samples")
        int n;

        @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "sample i uses seed S·N + i (default ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--max-tokens", defaultValue = "256", paramLabel = "N", description = "tokens per sample at most (default ${DEFAULT-VALUE})")
        int maxTokens;

        @Option(names = "--temperature", defaultValue = "1.0", paramLabel = "T", description = "sampling temperature (default ${DEFAULT-VALUE})")
        float temperature;

        @Option(names = "--out", required = true, paramLabel = "OUT.jsonl", description = "the text JSONL to write")
        Path out;

        @Override
        public Integer call() {
            if (n <= 0) throw new LightbulbException("--n must be >= 1, got " + n);
            if (maxTokens <= 0) throw new LightbulbException("--max-tokens must be >= 1, got " + maxTokens);
            if (!(temperature > 0)) throw new LightbulbException("--temperature must be > 0 for a corpus, got " + temperature);
            StringBuilder lines = new StringBuilder();
            try (Backend b = Backends.create("cpu");
                 LoadedModel m = LoadedModel.open(ModelArgument.of(model).file(), null, b);
                 Engine engine = new Engine(m.model(), m.tokenizer(), ChatFormat.PLAIN,
                         Engine.defaultOptions(m.model(), Math.min(n, 64)))) {
                List<GenerationRequest> requests = new ArrayList<>();
                SamplingParams p = new SamplingParams(temperature, 0, 1f, 0f, 1f, 0f, 0);
                for (int i = 0; i < n; i++) {
                    requests.add(GenerationRequest.ofTokens("s" + i, new int[] {m.tokenizer().bos()},
                            p.withSeed(seed * n + i), maxTokens));
                }
                ObjectMapper json = new ObjectMapper();
                for (GenerationResult r : engine.generateAll(requests)) {
                    String text = r.text().strip();
                    if (text.isEmpty()) continue;
                    try {
                        lines.append(json.writeValueAsString(Map.of("text", text))).append('\n');
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
            OutputFiles.write(out, tmp -> Files.writeString(tmp, lines));
            System.out.println(out + ": " + lines.toString().lines().count() + " samples");
            return 0;
        }
    }
}
