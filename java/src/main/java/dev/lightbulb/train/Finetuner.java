package dev.lightbulb.train;

import dev.lightbulb.InputFiles;
import dev.lightbulb.LightbulbException;
import dev.lightbulb.backend.Backend;
import dev.lightbulb.engine.ChatFormat;
import dev.lightbulb.model.GgufWeights;
import dev.lightbulb.model.ModelConfig;
import dev.lightbulb.model.WeightSource;
import dev.lightbulb.model.io.GgufFile;
import dev.lightbulb.text.Tokenizer;
import dev.lightbulb.text.Tokenizers;
import dev.lightbulb.text.chat.ChatTemplate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A finetuning run: reads the data, trains a {@link TrainableModel} (LoRA or full) with AdamW under a warm-up +
 * cosine schedule, accumulating gradients over micro-batches to the step's token budget, logs every step to
 * {@code train_log.jsonl} and writes a {@link Checkpoint} and the result ({@link TrainingResults}) every
 * {@code saveEvery} steps and at the end. A resumed run continues bit-identically to one never stopped. A loss that is
 * NaN or infinite stops the run; the checkpoint and result written last stay as they were.
 */
public final class Finetuner {
    /** The log file in the output folder. */
    public static final String LOG = "train_log.jsonl";

    private final FinetuneSettings settings;
    private final Backend backend;

    public Finetuner(FinetuneSettings settings, Backend backend) {
        this.settings = settings;
        this.backend = backend;
    }

    /** What a finished run reports. */
    public record Outcome(List<StepLog> steps, Path result, int examples, int truncated) {
        public double firstLoss() { return steps.getFirst().loss(); }

        public double lastLoss() { return steps.getLast().loss(); }
    }

    /**
     * The steps that pass over {@code data} about {@code epochs} times: its tokens (after truncation to
     * {@code seqLen}) times epochs, over {@code batchTokens} per step, rounded up.
     */
    public static int stepsForEpochs(Path model, Path data, int seqLen, int batchTokens, double epochs) {
        if (!(epochs > 0) || !Double.isFinite(epochs)) throw new LightbulbException("--epochs must be > 0, got " + epochs);
        try (GgufFile file = GgufFile.open(model)) {
            long tokens = 0;
            int rowLimit = Math.min(seqLen, ModelConfig.fromGguf(file).contextLength());
            for (TrainingExample e : examples(file, data, rowLimit, new int[1])) tokens += e.tokens().length;
            return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.ceil(epochs * tokens / batchTokens)));
        }
    }

    /** The examples of {@code data} as the model's tokenizer and chat format make them, truncated to the rows. */
    private static List<TrainingExample> examples(GgufFile file, Path data, int rowLimit, int[] truncated) {
        Tokenizer tokenizer = Tokenizers.fromGguf(file);
        ChatFormat format = ChatFormat.orPlain(ChatTemplate.fromGguf(file));
        List<TrainingExample> all = TrainingData.read(data, tokenizer, format);
        List<TrainingExample> examples = all.stream().map(e -> truncate(e, rowLimit, truncated))
                .filter(e -> e.learnedTokens() > 0).toList();
        if (examples.isEmpty()) {
            throw new LightbulbException(data + ": nothing to learn within --seq-len " + rowLimit
                    + ": every reply starts after the first " + rowLimit + " tokens");
        }
        return examples;
    }

    /** Whether {@code dir} holds a checkpoint that {@code --resume} (a settings' {@code resume}) continues from. */
    public static boolean resumable(Path dir) {
        return java.nio.file.Files.isRegularFile(dir.resolve(Checkpoint.FILE));
    }

    /** The model trained: the file's, or a new shape in the file's family. */
    static ModelConfig config(GgufFile file, FinetuneSettings settings) {
        ModelConfig base = ModelConfig.fromGguf(file);
        if (settings.init() == null) return base;
        String arch = file.getString("general.architecture");
        return settings.init().config(base, file.optFloat(arch + ".rope.freq_base", 10000f));
    }

    /** Runs the training; {@code progress} sees every step as it ends. */
    public Outcome run(Consumer<StepLog> progress) {
        try (GgufFile file = GgufFile.open(settings.model())) {
            ModelConfig config = config(file, settings);
            int rowLimit = Math.min(settings.seqLen(), config.contextLength());
            int[] truncated = {0};
            List<TrainingExample> examples = examples(file, settings.data(), rowLimit, truncated);
            createFolder(settings.out());
            WeightSource start = settings.init() == null ? new GgufWeights(file) : new InitialWeights(config, settings.seed());
            try (TrainableModel model = settings.full() ? TrainableModel.full(config, start, backend)
                    : TrainableModel.lora(config, new GgufWeights(file), backend, settings.lora());
                 AdamW optimiser = new AdamW(backend, List.copyOf(model.parameters()), 0.9f, 0.999f, 1e-8f,
                         settings.weightDecay(), settings.maxGradNorm())) {
                return train(model, optimiser, file, examples, rowLimit, truncated[0], progress, InputFiles.sha256("--model", settings.model()));
            }
        }
    }

    private Outcome train(TrainableModel model, AdamW optimiser, GgufFile base, List<TrainingExample> examples, int rowLimit,
                          int truncated, Consumer<StepLog> progress, String modelSha) {
        LearningRate schedule = new LearningRate(settings.learningRate(), Math.min(settings.warmupSteps(), settings.steps()),
                settings.steps(), 0.1);
        ExampleOrder order = new ExampleOrder(examples.size(), settings.seed());
        Path log = settings.out().resolve(LOG);
        String identity = Checkpoint.identity(settings);
        Checkpoint.Position from = settings.resume()
                ? Checkpoint.restore(settings.out(), model, optimiser, modelSha, identity) : new Checkpoint.Position(0, 0);
        for (long i = 0; i < from.drawn(); i++) order.next();
        keepLogLines(log, from.step());
        List<StepLog> steps = new ArrayList<>();
        Path result = null;
        int saved = from.step();
        for (int step = from.step() + 1; step <= settings.steps(); step++) {
            long start = System.nanoTime();
            List<TrainingExample> chosen = new ArrayList<>();
            int tokens = 0;
            while (tokens < settings.batchTokens() || chosen.isEmpty()) {
                TrainingExample e = examples.get(order.next());
                chosen.add(e);
                tokens += e.tokens().length;
            }
            int learned = chosen.stream().mapToInt(TrainingExample::learnedTokens).sum();
            double lossSum = 0;
            for (TrainingBatch micro : microBatches(chosen, rowLimit)) {
                lossSum += model.forwardBackward(micro, 1f / learned).sum();
            }
            double loss = lossSum / learned;
            if (!Double.isFinite(loss)) {
                throw new LightbulbException("finetuning stopped at step " + step + ": the loss is " + loss
                        + " (try a lower --lr); " + (saved == 0 ? "no checkpoint was written"
                        : "the checkpoint and result of step " + saved + " are kept in " + settings.out()));
            }
            float lr = (float) schedule.at(step);
            double norm = optimiser.step(lr);
            double seconds = (System.nanoTime() - start) / 1e9;
            StepLog s = new StepLog(step, loss, lr, norm, tokens, tokens / seconds);
            steps.add(s);
            writeLog(log, s.json() + "\n", true);
            progress.accept(s);
            if (step == settings.steps() || step % settings.saveEvery() == 0) {
                Checkpoint.write(settings.out(), model, optimiser, new Checkpoint.Position(step, order.drawn()), modelSha, identity);
                result = TrainingResults.write(model, base, settings, step);
                saved = step;
            }
        }
        if (result == null) result = settings.out().resolve(settings.full() ? TrainingResults.MODEL : TrainingResults.ADAPTER);
        LossCurve.write(settings.out());
        return new Outcome(List.copyOf(steps), result, examples.size(), truncated);
    }

    /** Documents in order, packed into batches of at most {@code rows} rows. */
    static List<TrainingBatch> microBatches(List<TrainingExample> docs, int rows) {
        List<TrainingBatch> out = new ArrayList<>();
        List<TrainingExample> current = new ArrayList<>();
        int used = 0;
        for (TrainingExample e : docs) {
            if (used + e.tokens().length > rows && !current.isEmpty()) {
                out.add(pack(current));
                current.clear();
                used = 0;
            }
            current.add(e);
            used += e.tokens().length;
        }
        out.add(pack(current));
        return out;
    }

    private static TrainingBatch pack(List<TrainingExample> docs) {
        return TrainingBatch.pack(docs.stream().map(TrainingExample::tokens).toArray(int[][]::new),
                docs.stream().map(TrainingExample::learn).toArray(boolean[][]::new));
    }

    private static TrainingExample truncate(TrainingExample e, int rows, int[] truncated) {
        if (e.tokens().length <= rows) return e;
        truncated[0]++;
        return new TrainingExample(Arrays.copyOf(e.tokens(), rows), Arrays.copyOf(e.learn(), rows));
    }

    private static void createFolder(Path out) {
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new LightbulbException("--out " + out + ": cannot create the folder: " + e.getMessage(), e);
        }
    }

    /** The log of a fresh run starts empty; a resumed one keeps the lines of the steps its checkpoint holds. */
    private static void keepLogLines(Path log, int steps) {
        try {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
            String kept = lines.subList(0, Math.min(steps, lines.size())).stream().map(l -> l + "\n").reduce("", String::concat);
            writeLog(log, kept, false);
        } catch (IOException e) {
            throw InputFiles.cannotRead(log, "the training log", e);
        }
    }

    private static void writeLog(Path log, String text, boolean append) {
        try {
            Files.writeString(log, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new LightbulbException("cannot write " + log + ": " + InputFiles.reason(e), e);
        }
    }

    /** The examples in a fresh seeded permutation each epoch. */
    private static final class ExampleOrder {
        private final SplittableRandom random;
        private final int[] order;
        private int next;
        private long drawn;

        ExampleOrder(int size, long seed) {
            random = new SplittableRandom(seed);
            order = new int[size];
            next = size;
        }

        long drawn() { return drawn; }

        int next() {
            if (next == order.length) {
                for (int i = 0; i < order.length; i++) order[i] = i;
                for (int i = order.length - 1; i > 0; i--) {   // Fisher–Yates
                    int j = random.nextInt(i + 1), t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
                next = 0;
            }
            drawn++;
            return order[next++];
        }
    }
}
