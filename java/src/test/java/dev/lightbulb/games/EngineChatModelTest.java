package dev.lightbulb.games;

import dev.lightbulb.backend.cpu.CpuBackend;
import dev.lightbulb.backend.sampling.SamplingParams;
import dev.lightbulb.engine.ChatFormat;
import dev.lightbulb.engine.Engine;
import dev.lightbulb.model.GgufWeights;
import dev.lightbulb.model.LlamaModel;
import dev.lightbulb.model.ModelConfig;
import dev.lightbulb.model.io.BundledModels;
import dev.lightbulb.model.io.GgufFile;
import dev.lightbulb.games.wordle.Wordle;
import dev.lightbulb.text.Tokenizers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine-backed player meets the games' contract on context overflow: clembench's ContextExceededError
 * becomes an aborted wordle episode (wordle catches it), never an unscored failure.
 */
class EngineChatModelTest {
    @Test
    void contextOverflowAbortsWordleAsClembenchDoes(@TempDir Path out) throws Exception {
        // stories260K at its trained 512-token context: wordle's instructions alone exceed it in its 512-token vocabulary
        try (GgufFile f = GgufFile.open(BundledModels.stories260K())) {
            LlamaModel model = LlamaModel.load(ModelConfig.fromGguf(f), new GgufWeights(f), new CpuBackend());
            try (Engine engine = new Engine(model, Tokenizers.fromGguf(f), ChatFormat.PLAIN, Engine.defaultOptions(model, 4))) {
                RunInfo info = new RunInfo("stories260K", "stories260K.gguf", "00", null, null, null, "F32", "cpu", "cpu-f32", ChatFormat.PLAIN.name(), Map.of());
                BenchmarkRunner runner = new BenchmarkRunner(out, info,
                        () -> new EngineChatModel(engine, "stories260K", SamplingParams.GREEDY, 100)).limitInstances(1);
                BenchmarkRunner.Summary s = runner.run(List.of(Wordle.classic()));
                assertEquals(0, s.failed(), "a context overflow in wordle is the game's own abort, not a failed episode");
                List<EpisodeDir> episodes = EpisodeDir.findAll(out);
                assertTrue(!episodes.isEmpty());
                for (EpisodeDir ep : episodes) {
                    Scores sc = Scores.fromJson(Json.read(ep.dir().resolve("scores.json")));
                    assertEquals(1, sc.episode().get(Metrics.ABORTED).intValue(), ep.dir().toString());
                }
            }
        }
    }
}
