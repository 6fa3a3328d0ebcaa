package dev.lightbulb.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lightbulb.Excerpt;
import dev.lightbulb.InputFiles;
import dev.lightbulb.LightbulbException;
import dev.lightbulb.backend.Backend;
import dev.lightbulb.model.io.GgufFile;
import dev.lightbulb.model.io.HfConfig;
import dev.lightbulb.model.io.Llama2cCheckpoint;
import dev.lightbulb.model.io.SafetensorsFile;
import dev.lightbulb.model.io.TokenizerFiles;
import dev.lightbulb.text.Tokenizer;
import dev.lightbulb.text.Tokenizers;
import dev.lightbulb.text.chat.ChatTemplate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A model file opened onto a backend together with its tokenizer and chat template: a GGUF file (tokenizer from
 * its metadata unless one is given), a Hugging Face model folder (config.json, *.safetensors, tokenizer.json,
 * tokenizer_config.json's chat template) or a llama2.c checkpoint (tokenizer {@code tokenizer.bin} beside it unless
 * one is given; no chat template). The format is decided by the file's first bytes, not by its name, so a damaged
 * file is reported as what it claims to be. Keeps the file mapped while the model is in use.
 */
public final class LoadedModel implements AutoCloseable {
    private static final byte[] GGUF_MAGIC = {'G', 'G', 'U', 'F'};

    private final Path path;
    private final CausalLm model;
    private final Tokenizer tokenizer;
    private final GgufFile gguf;
    private final AutoCloseable file;
    private final Path tokenizerConfig;

    private LoadedModel(Path path, CausalLm model, Tokenizer tokenizer, GgufFile gguf, AutoCloseable file, Path tokenizerOrigin,
                        Path tokenizerConfig) {
        if (tokenizer.vocabSize() > model.config().vocabSize()) {
            model.close();
            throw new LightbulbException(tokenizerOrigin + ": the tokenizer has " + tokenizer.vocabSize()
                    + " tokens but the model's vocabulary has " + model.config().vocabSize() + ": they do not belong together");
        }
        this.path = path;
        this.model = model;
        this.tokenizer = tokenizer;
        this.gguf = gguf;
        this.file = file;
        this.tokenizerConfig = tokenizerConfig;
    }

    public Path path() { return path; }

    public CausalLm model() { return model; }

    public Tokenizer tokenizer() { return tokenizer; }

    /**
     * The GGUF's {@code tokenizer.chat_template} or a Hugging Face folder's tokenizer_config.json template, or null
     * (llama2.c checkpoints and models without one): use the plain fallback. Read on demand: compiling a template
     * starts Jinjava, which a caller that only benchmarks does not need.
     */
    public ChatTemplate chatTemplate() {
        if (gguf != null) return ChatTemplate.fromGguf(gguf);
        return tokenizerConfig != null ? ChatTemplate.fromTokenizerConfig(tokenizerConfig) : null;
    }

    /** Opens {@code modelFile}; {@code tokenizerFile} may be null. */
    public static LoadedModel open(Path modelFile, Path tokenizerFile, Backend backend) {
        return open(modelFile, tokenizerFile, backend, null);
    }

    /**
     * Opens {@code modelFile}; {@code tokenizerFile} may be null. With {@code context} non-null the model runs with
     * that context length instead of its trained one (as llama.cpp's -c does): positions beyond the trained length
     * work but the model has never seen them.
     */
    public static LoadedModel open(Path modelFile, Path tokenizerFile, Backend backend, Integer context) {
        return open(modelFile, tokenizerFile, backend, context, null);
    }

    /**
     * {@link #open(Path, Path, Backend, Integer)} with the LoRA adapter {@code lora} (a llama.cpp GGUF adapter or a
     * PEFT folder; null: none) applied unmerged.
     */
    public static LoadedModel open(Path modelFile, Path tokenizerFile, Backend backend, Integer context, Path lora) {
        if (tokenizerFile != null) InputFiles.requireReadableFile("--tokenizer", tokenizerFile, "a tokenizer file");
        if (context != null && context <= 0) throw new LightbulbException("--context must be >= 1, got " + context);
        if (Files.isDirectory(modelFile)) return openHf(modelFile, tokenizerFile, backend, context, lora);
        if (modelFile.getFileName().toString().endsWith(".safetensors")) {
            throw new LightbulbException(modelFile + ": a safetensors file alone has no config; pass its Hugging Face model folder"
                    + " (config.json, *.safetensors, tokenizer.json)");
        }
        InputFiles.requireReadableFile("--model", modelFile, "a model file (or a Hugging Face model folder)");
        byte[] head = head(modelFile);
        String name = modelFile.getFileName().toString();
        if (startsWith(head, GGUF_MAGIC)) return openGguf(modelFile, tokenizerFile, backend, context, lora);
        if (name.endsWith(".gguf")) {
            throw new LightbulbException(modelFile + ": not a GGUF file (magic " + describe(head) + ", expected \"GGUF\")");
        }
        if (name.endsWith(".bin")) return openLlama2c(modelFile, tokenizerFile, backend, context, lora);
        throw new LightbulbException(modelFile + ": not a model lightbulb can read (magic " + describe(head)
                + "): expected a GGUF file (magic \"GGUF\") or a llama2.c checkpoint (.bin)");
    }

    private static CausalLm load(ModelConfig config, WeightSource weights, Backend backend, Path lora) {
        return Architectures.load(config, weights, backend, lora == null ? null : LoraAdapter.read(lora, config));
    }

    private static LoadedModel openGguf(Path modelFile, Path tokenizerFile, Backend backend, Integer context, Path lora) {
        GgufFile f = GgufFile.open(modelFile);
        try {
            if (f.tensors().isEmpty()) {
                throw new LightbulbException(modelFile + ": has no tensors: a vocab-only GGUF holds a tokenizer, not a model");
            }
            ModelConfig config = ModelConfig.fromGguf(f);
            Tokenizer tok = tokenizerFile != null ? Tokenizers.fromLlama2c(tokenizerFile) : Tokenizers.fromGguf(f);
            if (tokenizerFile == null && tok.vocabSize() != config.vocabSize()) {   // llama.cpp requires them equal too
                throw new LightbulbException(modelFile + ": tokenizer.ggml.tokens has " + tok.vocabSize() + " tokens but the model's"
                        + " vocabulary (token_embd.weight, vocab_size) has " + config.vocabSize());
            }
            return new LoadedModel(modelFile, load(withContext(config, context), new GgufWeights(f), backend, lora),
                    tok, f, f, tokenizerFile != null ? tokenizerFile : modelFile, null);
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
    }

    private static LoadedModel openLlama2c(Path modelFile, Path tokenizerFile, Backend backend, Integer context, Path lora) {
        Path tokFile = tokenizerFile != null ? tokenizerFile : modelFile.resolveSibling("tokenizer.bin");
        if (!Files.isRegularFile(tokFile)) {
            throw new LightbulbException(modelFile + ": a llama2.c model needs its tokenizer: " + tokFile + " not found (pass --tokenizer FILE)");
        }
        Llama2cCheckpoint c = Llama2cCheckpoint.open(modelFile);
        try {
            Llama2cWeights w = new Llama2cWeights(c);
            return new LoadedModel(modelFile, load(withContext(w.config(), context), w, backend, lora),
                    Tokenizers.fromLlama2c(tokFile), null, c, tokFile, null);
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * A Hugging Face model folder: config.json, the *.safetensors shards (F32/F16/BF16) and the tokenizer
     * (tokenizer.json, or --tokenizer); the chat template comes from tokenizer_config.json when there is one.
     */
    private static LoadedModel openHf(Path dir, Path tokenizerFile, Backend backend, Integer context, Path lora) {
        Path configFile = dir.resolve("config.json");
        if (!Files.isRegularFile(configFile)) {
            throw new LightbulbException("--model: " + dir + " is a directory but not a Hugging Face model folder (it has no config.json)");
        }
        List<Path> shardFiles;
        try (Stream<Path> files = Files.list(dir)) {
            shardFiles = files.filter(f -> f.getFileName().toString().endsWith(".safetensors")).sorted().toList();
        } catch (IOException e) {
            throw new LightbulbException(dir + ": cannot list the folder: " + e.getMessage(), e);
        }
        if (shardFiles.isEmpty()) throw new LightbulbException(dir + ": no *.safetensors weights in the folder");
        HfConfig hf = HfConfig.read(configFile);
        ShapeChecks.weightsFit(configFile.toString(), totalSize(shardFiles), hf.hiddenSize(), hf.numHiddenLayers(),
                hf.numAttentionHeads(), hf.numKeyValueHeads(), hf.headDim(), hf.intermediateSize(), hf.vocabSize());
        ModelConfig config = ModelConfig.fromHf(hf, ropeScaling(configFile), configFile.toString());
        List<SafetensorsFile> shards = new ArrayList<>();
        AutoCloseable closeShards = () -> { for (SafetensorsFile f : shards) f.close(); };
        try {
            for (Path f : shardFiles) shards.add(SafetensorsFile.open(f));
            Tokenizer tok = TokenizerFiles.open(tokenizerFile != null ? tokenizerFile : dir);
            CausalLm model = load(withContext(config, context), new HfWeights(shards, dir.toString()), backend, lora);
            Path templateConfig = dir.resolve("tokenizer_config.json");
            return new LoadedModel(dir, model, tok, null, closeShards, tokenizerFile != null ? tokenizerFile : dir,
                    Files.isRegularFile(templateConfig) ? templateConfig : null);
        } catch (RuntimeException e) {
            shards.forEach(SafetensorsFile::close);
            throw e;
        }
    }

    private static long totalSize(List<Path> files) {
        long bytes = 0;
        for (Path f : files) {
            try {
                bytes += Files.size(f);
            } catch (IOException e) {
                throw InputFiles.cannotRead(f, "safetensors file", e);
            }
        }
        return bytes;
    }

    private static JsonNode ropeScaling(Path configFile) {
        try {
            return new ObjectMapper().readTree(configFile.toFile()).get("rope_scaling");
        } catch (IOException e) {
            throw new LightbulbException(configFile + ": cannot read: " + Excerpt.message(e.getMessage()), e);
        }
    }

    private static ModelConfig withContext(ModelConfig c, Integer context) {
        return context == null ? c : c.withContextLength(context);
    }

    private static byte[] head(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            return in.readNBytes(4);
        } catch (IOException e) {
            throw InputFiles.cannotRead(p, "the model file", e);
        }
    }

    private static boolean startsWith(byte[] head, byte[] magic) {
        return head.length >= magic.length && java.util.Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
    }

    /** The first bytes as hex and as text, e.g. {@code 0x6e6f7420 "not "}. */
    private static String describe(byte[] head) {
        if (head.length == 0) return "none: the file is empty";
        StringBuilder hex = new StringBuilder("0x"), text = new StringBuilder();
        for (byte b : head) {
            hex.append(String.format("%02x", b & 0xFF));
            text.append(b >= 0x20 && b < 0x7F ? (char) b : '.');
        }
        return hex + " \"" + text + "\"";
    }

    @Override
    public void close() {
        model.close();
        try {
            file.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
