package dev.lightbulb.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lightbulb.CliRun;
import dev.lightbulb.LightbulbException;
import dev.lightbulb.backend.Backend;
import dev.lightbulb.backend.cpu.CpuBackend;
import dev.lightbulb.backend.sampling.SamplingParams;
import dev.lightbulb.engine.Engine;
import dev.lightbulb.model.io.BundledModels;
import dev.lightbulb.model.io.GgufArray;
import dev.lightbulb.model.io.GgufFile;
import dev.lightbulb.model.io.GgufTensorInfo;
import dev.lightbulb.model.io.GgufValue;
import dev.lightbulb.model.io.GgufValueType;
import dev.lightbulb.text.chat.ChatMessage;
import dev.lightbulb.text.chat.ChatTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded fuzzing of the three model loaders with corrupt variants of the bundled stories260K: its GGUF (metadata
 * values and types, the header and tensor table, random bytes), the same weights as a Hugging Face folder
 * (config.json fields, the safetensors header) and as a llama2.c checkpoint (its seven header ints). Every case must
 * end in a {@link LightbulbException} with one short, printable line naming the file, or in a model that generates.
 * A handful go through the command line, which must answer with exit code 0 or 2, never a stack trace.
 */
class ModelFuzzTest {
    private static final long SEED = 20261204;
    private static final String PROMPT = "Once upon a time";

    @TempDir
    static Path tmp;

    private static Backend backend;
    private static byte[] gguf;
    private static Map<String, GgufValue> metadata;
    private static List<GgufTensorInfo> tensors;
    private static Map<String, float[]> weights;
    private static GgufHeader header;
    private static int cases, loaded;

    @BeforeAll
    static void readTheBundledModel() throws Exception {
        backend = new CpuBackend();
        Path bundled = BundledModels.stories260K();
        gguf = Files.readAllBytes(bundled);
        try (GgufFile f = GgufFile.open(bundled)) {
            metadata = new LinkedHashMap<>(f.typedMetadata());
            tensors = f.tensors();
            weights = new LinkedHashMap<>();
            for (GgufTensorInfo t : tensors) weights.put(t.name(), f.tensor(t.name()).toFloatArray());
        }
        header = GgufHeader.parse(gguf);
    }

    @AfterAll
    static void close() {
        backend.close();
        System.out.println("ModelFuzzTest: " + cases + " corrupt variants, " + loaded + " still valid models");
    }

    // ---------------------------------------------------------------- GGUF

    @Test
    void ggufMetadataValues() throws Exception {
        Random r = new Random(SEED);
        List<String> keys = new ArrayList<>(metadata.keySet());
        keys.addAll(List.of("llama.attention.key_length", "llama.vocab_size", "llama.rope.freq_base", "llama.rope.scaling.type",
                "llama.rope.scaling.factor", "llama.attention.sliding_window", "tokenizer.ggml.pre", "tokenizer.ggml.eot_token_id",
                "tokenizer.ggml.add_bos_token", "tokenizer.ggml.merges", "tokenizer.chat_template"));
        for (int trial = 0; trial < 160; trial++) {
            int edits = 1 + (r.nextInt(4) == 0 ? 1 : 0);
            StringBuilder what = new StringBuilder();
            Path file = BundledVariants.withMetadata(tmp.resolve("meta-" + trial + ".gguf"), m -> {
                for (int e = 0; e < edits; e++) {
                    String key = keys.get(r.nextInt(keys.size()));
                    GgufValue v = r.nextInt(12) == 0 ? null : mutatedValue(r, m.get(key));
                    if (v == null) m.remove(key);
                    else m.put(key, v);
                    what.append(key).append('=').append(v == null ? "(removed)" : describe(v)).append(' ');
                }
            });
            checkLoads(file, null, what.toString());
        }
    }

    @Test
    void ggufHeaderAndTensorTable() throws Exception {
        Random r = new Random(SEED + 1);
        for (int trial = 0; trial < 140; trial++) {
            byte[] b = gguf.clone();
            String what;
            if (trial % 4 == 3) {
                int flips = 1 + r.nextInt(4);
                for (int i = 0; i < flips; i++) b[r.nextInt(header.dataOffset)] = (byte) r.nextInt(256);
                what = flips + " random header bytes";
            } else {
                GgufHeader.Field f = header.fields.get(r.nextInt(header.fields.size()));
                ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
                long old = f.width == 8 ? le.getLong(f.at) : le.getInt(f.at);
                long v = interestingInteger(r, old, f.width);
                if (f.width == 8) le.putLong(f.at, v);
                else le.putInt(f.at, (int) v);
                what = f.name + ": " + old + " -> " + v;
            }
            Path file = tmp.resolve("header-" + trial + ".gguf");
            Files.write(file, b);
            checkLoads(file, null, what);
        }
    }

    // ---------------------------------------------------------------- Hugging Face folder

    @Test
    void huggingFaceConfigAndSafetensorsHeader() throws Exception {
        Random r = new Random(SEED + 2);
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = hfConfig(json);
        List<String> fields = new ArrayList<>();
        config.fieldNames().forEachRemaining(fields::add);
        fields.addAll(List.of("head_dim", "rope_scaling"));
        for (int trial = 0; trial < 60; trial++) {
            Path dir = Files.createDirectories(tmp.resolve("hf-" + trial));
            ObjectNode c = config.deepCopy();
            Map<String, JsonNode> stHeader = safetensorsHeader(json);
            String what;
            if (trial % 3 != 2) {
                String field = fields.get(r.nextInt(fields.size()));
                JsonNode v = field.equals("rope_scaling") ? json.readTree(pick(r, "{\"rope_type\": \"linear\", \"factor\": 0}",
                        "{\"rope_type\": \"llama3\", \"factor\": 8, \"low_freq_factor\": 4, \"high_freq_factor\": 4}",
                        "{\"rope_type\": \"yarn\"}", "{\"type\": \"linear\", \"factor\": \"x\"}", "[]", "\"linear\""))
                        : interestingJson(r, json, c.get(field));
                c.set(field, v);
                what = "config.json " + field + " = " + v;
            } else {
                List<String> names = new ArrayList<>(stHeader.keySet());
                String name = names.get(r.nextInt(names.size()));
                ObjectNode info = (ObjectNode) stHeader.get(name);
                String part = pick(r, "shape", "dtype", "data_offsets");
                JsonNode v = switch (part) {
                    case "dtype" -> json.valueToTree(pick(r, "F64", "I8", "Q8", "", "F16", "\u0000\u00ff"));
                    default -> {
                        var a = info.get(part).deepCopy();
                        if (a.isArray() && !a.isEmpty()) ((com.fasterxml.jackson.databind.node.ArrayNode) a)
                                .set(r.nextInt(a.size()), interestingJson(r, json, a.get(0)));
                        yield a;
                    }
                };
                info.set(part, v);
                what = "safetensors " + name + "." + part + " = " + v;
            }
            Files.writeString(dir.resolve("config.json"), json.writeValueAsString(c));
            writeSafetensors(json, stHeader, dir.resolve("model.safetensors"));
            checkLoads(dir, BundledModels.stories260K(), what);
        }
    }

    // ---------------------------------------------------------------- llama2.c

    @Test
    void llama2cHeader() throws Exception {
        Random r = new Random(SEED + 3);
        byte[] checkpoint = llama2c();
        Path tokenizer = writeLlama2cTokenizer(tmp.resolve("tokenizer.bin"));
        String[] names = {"dim", "hidden_dim", "n_layers", "n_heads", "n_kv_heads", "vocab_size", "seq_len"};
        for (int trial = 0; trial < 40; trial++) {
            byte[] b = checkpoint.clone();
            ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            int field = r.nextInt(7);
            int old = le.getInt(4 * field);
            int v = (int) interestingInteger(r, old, 4);
            le.putInt(4 * field, v);
            Path file = tmp.resolve("llama2c-" + trial + ".bin");
            Files.write(file, trial % 10 == 9 ? java.util.Arrays.copyOf(b, b.length - 1 - r.nextInt(1000)) : b);
            checkLoads(file, tokenizer, names[field] + ": " + old + " -> " + v);
        }
    }

    // ---------------------------------------------------------------- through the command line

    /** A few corrupt files of each kind through {@code lightbulb generate}: exit code 0 or 2, one clean line. */
    @Test
    void commandLine() throws Exception {
        Random r = new Random(SEED + 4);
        List<Path> models = new ArrayList<>();
        for (String key : new String[] {"llama.attention.head_count", "llama.block_count", "llama.attention.layer_norm_rms_epsilon",
                "tokenizer.ggml.eos_token_id", "general.architecture"}) {
            GgufValue v = mutatedValue(r, metadata.get(key));
            models.add(BundledVariants.withMetadata(tmp.resolve("cli-" + key + ".gguf"), m -> m.put(key, v)));
        }
        for (int i = 0; i < 3; i++) {
            byte[] b = gguf.clone();
            GgufHeader.Field f = header.fields.get(r.nextInt(header.fields.size()));
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(f.at, (int) interestingInteger(r, 0, 4));
            models.add(Files.write(tmp.resolve("cli-header-" + i + ".gguf"), b));
        }
        for (Path model : models) {
            CliRun.Result result = CliRun.run("generate", "--model", model.toString(), "--prompt", PROMPT, "--max-tokens", "2", "--backend", "cpu");
            String err = result.err().strip();
            assertTrue(result.code() == 0 || result.code() == 2, model + ": exit code " + result.code() + "\n" + err);
            if (result.code() == 2) {
                assertEquals(1, err.lines().count(), model + ": " + err);
                assertTrue(err.startsWith("lightbulb: ") && !err.contains("internal error"), err);
                assertCleanMessage(err, model + ": " + err);
            }
        }
    }

    // ---------------------------------------------------------------- the check

    /**
     * Opens the model; a model that loads must also take a prompt, generate two tokens and size an engine for its
     * context. The only acceptable failure is a {@link LightbulbException} with a short clean message naming the file.
     */
    private static void checkLoads(Path model, Path tokenizer, String what) {
        cases++;
        LoadedModel m;
        try {
            m = LoadedModel.open(model, tokenizer, backend, null);
        } catch (LightbulbException e) {
            assertCleanMessage(e.getMessage(), what + "\n" + e.getMessage());
            assertTrue(e.getMessage().contains(model.getFileName().toString()) || tokenizer != null && e.getMessage().contains(tokenizer.getFileName().toString()),
                    "names the file: " + what + "\n" + e.getMessage());
            return;
        } catch (RuntimeException | Error e) {
            throw new AssertionError(what + ": loading ended in " + e, e);
        }
        try (m) {
            loaded++;
            int[] ids = m.tokenizer().encode(PROMPT, m.tokenizer().addBos());
            if (ids.length == 0 || ids.length + 2 > m.model().config().contextLength()) return;
            Generation g = Generator.generate(m.model(), ids, 2, SamplingParams.GREEDY, m.tokenizer()::isEndOfGeneration);
            m.tokenizer().decode(g.generatedIds());
            ChatTemplate template = m.chatTemplate();
            if (template != null) template.render(List.of(new ChatMessage("user", PROMPT)), true);
            Engine.defaultOptions(m.model(), 4);
        } catch (LightbulbException e) {
            assertCleanMessage(e.getMessage(), what + "\n" + e.getMessage());
        } catch (RuntimeException | Error e) {
            throw new AssertionError(what + ": a model that loaded failed in use with " + e, e);
        }
    }

    /** One line, at most a few hundred characters, nothing unprintable. */
    private static void assertCleanMessage(String message, String context) {
        assertTrue(message.length() <= 600, "short: " + context);
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            assertFalse(Character.isISOControl(c) || c == '\uFFFD', "printable (char " + (int) c + " at " + i + "): " + context);
        }
    }

    // ---------------------------------------------------------------- mutations

    private static final long[] INTERESTING = {0, 1, -1, 2, 3, 7, 64, 1000, Integer.MAX_VALUE, Integer.MIN_VALUE, 1L << 31,
            (1L << 32) - 1, 1L << 32, (1L << 31) - 2, 1L << 62, Long.MAX_VALUE, Long.MIN_VALUE, 10_000_000};

    private static long interestingInteger(Random r, long old, int width) {
        long v = switch (r.nextInt(4)) {
            case 0 -> old + (r.nextBoolean() ? 1 : -1);
            case 1 -> old * (2 + r.nextInt(7));
            default -> INTERESTING[r.nextInt(INTERESTING.length)];
        };
        return width == 4 ? (int) v : v;
    }

    private static final float[] FLOATS = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -1, 0, -0f, 1, 0.5f,
            1e30f, 1e-30f, Float.MIN_VALUE, -1e-5f};

    /** A corrupt version of {@code v} (which may be null: a key the file lacks): another value, another type, garbage. */
    private static GgufValue mutatedValue(Random r, GgufValue v) {
        int kind = r.nextInt(10);
        if (kind == 0) return GgufValue.string(garbage(r));
        if (kind == 1) return GgufValue.float32(FLOATS[r.nextInt(FLOATS.length)]);
        if (kind == 2) return new GgufValue(GgufValueType.UINT64, INTERESTING[r.nextInt(INTERESTING.length)]);
        if (kind == 3) return GgufValue.bool(r.nextBoolean());
        if (v == null) return GgufValue.uint32((int) interestingInteger(r, 0, 4));
        return switch (v.type()) {
            case UINT32, INT32 -> new GgufValue(v.type(), (int) interestingInteger(r, (Integer) v.value(), 4));
            case FLOAT32 -> GgufValue.float32(FLOATS[r.nextInt(FLOATS.length)]);
            case STRING -> GgufValue.string(r.nextBoolean() ? garbage(r) : pick(r, "", "llama", "qwen2", "gpt2", "bert", "mistral", "linear"));
            case ARRAY -> mutatedArray(r, (GgufArray) v.value());
            default -> GgufValue.int32((int) interestingInteger(r, 0, 4));
        };
    }

    private static GgufValue mutatedArray(Random r, GgufArray a) {
        Object values = a.values();
        int kind = r.nextInt(4);
        if (values instanceof String[] s) {
            String[] c = kind == 0 ? java.util.Arrays.copyOf(s, r.nextInt(s.length)) : s.clone();
            if (kind != 0 && c.length > 0) c[r.nextInt(c.length)] = kind == 1 ? "" : garbage(r);
            return GgufValue.array(GgufValueType.STRING, c);
        }
        if (values instanceof float[] f) {
            float[] c = kind == 0 ? java.util.Arrays.copyOf(f, r.nextInt(f.length + 1)) : f.clone();
            for (int i = 0; kind != 0 && i < 8 && c.length > 0; i++) c[r.nextInt(c.length)] = FLOATS[r.nextInt(FLOATS.length)];
            return GgufValue.array(GgufValueType.FLOAT32, c);
        }
        if (values instanceof int[] v) {
            int[] c = kind == 0 ? java.util.Arrays.copyOf(v, r.nextInt(v.length + 1)) : v.clone();
            for (int i = 0; kind != 0 && i < 8 && c.length > 0; i++) c[r.nextInt(c.length)] = (int) interestingInteger(r, c[0], 4);
            return GgufValue.array(a.elementType(), c);
        }
        return GgufValue.array(GgufValueType.INT32, new int[] {-1});
    }

    /** Random bytes read as UTF-8 (so binary: controls, replacement characters), up to 10 kB. */
    private static String garbage(Random r) {
        byte[] b = new byte[r.nextBoolean() ? 1 + r.nextInt(16) : 1 + r.nextInt(10_000)];
        r.nextBytes(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static JsonNode interestingJson(Random r, ObjectMapper json, JsonNode old) {
        return switch (r.nextInt(8)) {
            case 0 -> json.valueToTree(garbage(r));
            case 1 -> json.nullNode();
            case 2 -> json.valueToTree(List.of(1, 2));
            case 3 -> json.valueToTree(1e308);
            case 4 -> json.valueToTree(r.nextBoolean() ? -1e-5 : 1.5);
            default -> json.valueToTree(old != null && old.isNumber() && r.nextBoolean()
                    ? interestingInteger(r, old.asLong(), 8) : INTERESTING[r.nextInt(INTERESTING.length)]);
        };
    }

    @SafeVarargs
    private static <T> T pick(Random r, T... options) {
        return options[r.nextInt(options.length)];
    }

    private static String describe(GgufValue v) {
        String s = v.type() + " " + (v.value() instanceof String str ? "string of " + str.length() : String.valueOf(v.value()));
        return s.length() > 80 ? s.substring(0, 80) : s;
    }

    private static byte[] rawData(GgufTensorInfo t) {
        float[] f = weights.get(t.name());
        ByteBuffer b = ByteBuffer.allocate(f.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : f) b.putFloat(x);
        return b.array();
    }

    // ---------------------------------------------------------------- the bundled weights in the other formats

    private static int meta(String key) {
        return (Integer) metadata.get(key).value();
    }

    private static ObjectNode hfConfig(ObjectMapper json) {
        ObjectNode c = json.createObjectNode();
        c.put("model_type", "llama");
        c.put("hidden_size", meta("llama.embedding_length"));
        c.put("intermediate_size", meta("llama.feed_forward_length"));
        c.put("num_hidden_layers", meta("llama.block_count"));
        c.put("num_attention_heads", meta("llama.attention.head_count"));
        c.put("num_key_value_heads", meta("llama.attention.head_count_kv"));
        c.put("vocab_size", weightShape("token_embd.weight")[1]);
        c.put("max_position_embeddings", meta("llama.context_length"));
        c.put("rms_norm_eps", 1e-5);
        c.put("rope_theta", 10000.0);
        return c;
    }

    private static long[] weightShape(String name) {
        return tensors.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow().shape();
    }

    /** Tensor name -> {dtype, shape (row-major), data_offsets}, in file order; the data is written in that order. */
    private static Map<String, JsonNode> safetensorsHeader(ObjectMapper json) {
        Map<String, JsonNode> h = new LinkedHashMap<>();
        long at = 0;
        for (GgufTensorInfo t : tensors) {
            if (t.name().equals("output.weight")) continue;        // tied, as HF does for this size
            ObjectNode info = json.createObjectNode();
            info.put("dtype", "F32");
            var shape = info.putArray("shape");
            long[] s = t.shape();
            for (int i = s.length - 1; i >= 0; i--) shape.add(s[i]);
            long bytes = 4L * weights.get(t.name()).length;
            info.putArray("data_offsets").add(at).add(at + bytes);
            at += bytes;
            h.put(HfWeights.hfName(t.name()), info);
        }
        return h;
    }

    private static void writeSafetensors(ObjectMapper json, Map<String, JsonNode> h, Path file) throws Exception {
        ObjectNode root = json.createObjectNode();
        h.forEach(root::set);
        byte[] headerBytes = json.writeValueAsBytes(root);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length).array());
        out.write(headerBytes);
        for (GgufTensorInfo t : tensors) if (!t.name().equals("output.weight")) out.write(rawData(t));
        Files.write(file, out.toByteArray());
    }

    /** stories260K as a llama2.c checkpoint: the header, then the weights in llama2.c's order (classifier tied). */
    private static byte[] llama2c() throws Exception {
        int dim = meta("llama.embedding_length"), layers = meta("llama.block_count"), heads = meta("llama.attention.head_count");
        int seqLen = meta("llama.context_length");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(dim).putInt(meta("llama.feed_forward_length")).putInt(layers).putInt(heads)
                .putInt(meta("llama.attention.head_count_kv")).putInt((int) weightShape("token_embd.weight")[1]).putInt(seqLen);
        out.write(h.array());
        out.write(raw("token_embd.weight"));
        for (String part : new String[] {"attn_norm", "attn_q", "attn_k", "attn_v", "attn_output", "ffn_norm", "ffn_gate", "ffn_down", "ffn_up"}) {
            for (int l = 0; l < layers; l++) out.write(raw("blk." + l + "." + part + ".weight"));
        }
        out.write(raw("output_norm.weight"));
        out.write(new byte[4 * seqLen * (dim / heads)]);                 // freq_cis_real and _imag, unused
        return out.toByteArray();
    }

    private static byte[] raw(String name) {
        return rawData(tensors.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow());
    }

    /** The bundled vocabulary as a llama2.c tokenizer.bin. */
    private static Path writeLlama2cTokenizer(Path file) throws Exception {
        String[] tokens = (String[]) ((GgufArray) metadata.get("tokenizer.ggml.tokens").value()).values();
        float[] scores = (float[]) ((GgufArray) metadata.get("tokenizer.ggml.scores").value()).values();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(64).array());
        for (int i = 0; i < tokens.length; i++) {
            byte[] piece = tokens[i].replace('\u2581', ' ').getBytes(StandardCharsets.UTF_8);
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(scores[i]).putInt(piece.length).array());
            out.write(piece);
        }
        return Files.write(file, out.toByteArray());
    }

    /** Where each fixed-width field of the GGUF header and tensor table is, to corrupt it in place. */
    private record GgufHeader(List<Field> fields, int dataOffset) {
        record Field(String name, int at, int width) {}

        static GgufHeader parse(byte[] b) {
            ByteBuffer in = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            List<Field> fields = new ArrayList<>();
            fields.add(new Field("version", 4, 4));
            fields.add(new Field("tensor count", 8, 8));
            fields.add(new Field("metadata count", 16, 8));
            in.position(24);
            long kvs = in.getLong(16), count = in.getLong(8);
            for (long i = 0; i < kvs; i++) {
                fields.add(new Field("key length #" + i, in.position(), 8));
                String key = string(in);
                fields.add(new Field("type of " + key, in.position(), 4));
                int type = in.getInt();
                if (type == 9) {                                   // an array: element type, count, elements
                    fields.add(new Field("element type of " + key, in.position(), 4));
                    int element = in.getInt();
                    fields.add(new Field("length of " + key, in.position(), 8));
                    long n = in.getLong();
                    for (long k = 0; k < n; k++) skip(in, element);
                } else {
                    if (type == 4 || type == 5) fields.add(new Field("value of " + key, in.position(), 4));
                    skip(in, type);
                }
            }
            for (long i = 0; i < count; i++) {
                fields.add(new Field("name length of tensor #" + i, in.position(), 8));
                String name = string(in);
                fields.add(new Field("dimension count of " + name, in.position(), 4));
                int dims = in.getInt();
                for (int d = 0; d < dims; d++) fields.add(new Field("dimension " + d + " of " + name, in.position() + 8 * d, 8));
                in.position(in.position() + 8 * dims);
                fields.add(new Field("type of " + name, in.position(), 4));
                in.getInt();
                fields.add(new Field("offset of " + name, in.position(), 8));
                in.getLong();
            }
            return new GgufHeader(fields, (in.position() + 31) / 32 * 32);
        }

        private static String string(ByteBuffer in) {
            byte[] s = new byte[(int) in.getLong()];
            in.get(s);
            return new String(s, StandardCharsets.UTF_8);
        }

        private static void skip(ByteBuffer in, int type) {
            switch (type) {
                case 0, 1, 7 -> in.get();
                case 2, 3 -> in.getShort();
                case 4, 5, 6 -> in.getInt();
                case 8 -> string(in);
                case 10, 11, 12 -> in.getLong();
                default -> throw new IllegalStateException("GGUF value type " + type + " in the bundled model");
            }
        }
    }
}
