package dev.lightbulb.train;

import dev.lightbulb.CliRun;
import dev.lightbulb.backend.Backend;
import dev.lightbulb.backend.Backends;
import dev.lightbulb.model.GgufWeights;
import dev.lightbulb.model.LoadedModel;
import dev.lightbulb.model.ModelConfig;
import dev.lightbulb.model.io.BundledModels;
import dev.lightbulb.model.io.GgufFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A new model trained from random weights with the bundled tokenizer; its held-out loss; the sampled corpus. */
class PretrainingTest {
    @TempDir
    Path dir;

    /** Text JSONL: the replies of the bundled chat example, one story line each. */
    private Path corpus() throws IOException {
        List<String> lines = new ArrayList<>();
        for (String chat : Files.readAllLines(FinetunerTest.EXAMPLE)) {
            String reply = chat.replaceAll(".*\"assistant\", \"content\": (\"[^\"]*\").*", "$1");
            lines.add("{\"text\": " + reply + "}");
        }
        Path p = dir.resolve("corpus.jsonl");
        Files.write(p, lines);
        return p;
    }

    @Test
    void aRandomlyInitialisedModelLearnsAndIsAnOrdinaryModel() throws IOException {
        Path data = corpus(), out = dir.resolve("tiny");
        CliRun.Result r = CliRun.run("finetune", "--full", "--init", "random", "--shape", "dim=32,layers=2,heads=4,kv-heads=2,hidden=64,context=128",
                "--data", data.toString(), "--out", out.toString(), "--steps", "30", "--lr", "1e-2", "--batch-tokens", "512",
                "--warmup", "3", "--save-every", "10", "--snapshots");
        assertEquals(0, r.code(), r.err());
        List<String> log = Files.readAllLines(out.resolve(Finetuner.LOG));
        double first = loss(log.getFirst()), last = loss(log.getLast());
        assertTrue(first > 5.5 && first < 7, "a fresh model is near ln(512) = 6.24: " + first);
        assertTrue(last < first - 2, first + " -> " + last);
        try (GgufFile f = GgufFile.open(out.resolve(TrainingResults.MODEL))) {
            ModelConfig c = ModelConfig.fromGguf(f);
            assertEquals(List.of(32, 2, 4, 2, 64, 128, 512), List.of(c.dim(), c.layers(), c.heads(), c.kvHeads(), c.hiddenDim(), c.contextLength(), c.vocabSize()));
            assertEquals(9 * 2 + 3, f.tensors().size());
        }
        try (var s = Files.list(out.resolve(TrainingResults.SNAPSHOTS))) {
            assertEquals(List.of("model-step000010.gguf", "model-step000020.gguf", "model-step000030.gguf"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        r = CliRun.run("generate", "--model", out.resolve(TrainingResults.MODEL).toString(), "--prompt", "Mia had", "--max-tokens", "5");
        assertEquals(0, r.code(), r.err());

        // the held-out loss (inference forward) of the last model on the training text is about the last steps' loss
        r = CliRun.run("loss", "--model", out.resolve(TrainingResults.MODEL).toString(), "--data", data.toString());
        assertEquals(0, r.code(), r.err());
        double measured = Double.parseDouble(r.out().replaceAll("(?s)^loss (\\S+) .*", "$1"));
        assertTrue(Math.abs(measured - last) < 0.5, "held-out " + measured + " vs training " + last);
    }

    @Test
    void heldOutLossMatchesTheTrainingForwardsCrossEntropy() throws IOException {
        Path data = corpus();
        double viaTraining;
        try (Backend cpu = Backends.create("cpu"); GgufFile f = GgufFile.open(BundledModels.stories260K())) {
            ModelConfig c = ModelConfig.fromGguf(f);
            List<TrainingExample> examples = TrainingData.read(data, dev.lightbulb.text.Tokenizers.fromGguf(f), dev.lightbulb.engine.ChatFormat.PLAIN);
            try (TrainableModel m = TrainableModel.full(c, new GgufWeights(f), cpu)) {
                double sum = 0;
                long n = 0;
                for (TrainingExample e : examples) {
                    TrainingBatch b = TrainingBatch.pack(new int[][]{e.tokens()}, null);
                    float[] logits = m.logits(b);
                    int[] targets = b.targets();
                    for (int i = 0; i < targets.length; i++) {
                        if (targets[i] < 0) continue;
                        sum += HeldOutLoss.crossEntropy(logits, i * c.vocabSize(), c.vocabSize(), targets[i]);
                        n++;
                    }
                }
                viaTraining = sum / n;
            }
        }
        HeldOutLoss.Result r;
        try (Backend cpu = Backends.create("cpu"); LoadedModel m = LoadedModel.open(BundledModels.stories260K(), null, cpu)) {
            r = HeldOutLoss.measure(m, data);
        }
        assertEquals(viaTraining, r.loss(), 1e-4);
        assertEquals(24, r.documents());
    }

    @Test
    void badShapesAndCombinationsAreRefused() throws IOException {
        Path data = corpus();
        String[][] bad = {
                {"--init", "random", "--shape", "dim=32,layers=2,heads=4,hidden=64"},                    // no --full
                {"--full", "--init", "random", "--shape", "dim=30,layers=2,heads=4,hidden=64"},           // 30 / 4
                {"--full", "--init", "random", "--shape", "dim=32,layers=2,hidden=64"},                   // no heads
                {"--full", "--init", "random", "--shape", "dim=32,layers=x,heads=4,hidden=64"},
                {"--full", "--init", "zeros", "--shape", "dim=32,layers=2,heads=4,hidden=64"},
                {"--full", "--shape", "dim=32,layers=2,heads=4,hidden=64"},
        };
        String[] reasons = {"add --full", "even size", "heads=N is missing", "whole number", "only 'random'", "go together"};
        for (int i = 0; i < bad.length; i++) {
            List<String> args = new ArrayList<>(List.of("finetune", "--data", data.toString(), "--out", dir.resolve("x" + i).toString()));
            args.addAll(List.of(bad[i]));
            CliRun.Result r = CliRun.run(args.toArray(String[]::new));
            assertEquals(2, r.code(), String.join(" ", bad[i]));
            assertTrue(r.err().contains(reasons[i]), r.err());
        }
    }

    private static double loss(String logLine) {
        return Double.parseDouble(logLine.replaceAll(".*\"loss\": ([0-9.]+).*", "$1"));
    }
}
