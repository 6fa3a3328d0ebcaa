package dev.lightbulb.model;

import dev.lightbulb.CliRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lightbulb.SharedData;
import dev.lightbulb.backend.RopeLayout;
import dev.lightbulb.backend.cpu.CpuBackend;
import dev.lightbulb.backend.sampling.SamplingParams;
import dev.lightbulb.model.io.HfConfig;
import dev.lightbulb.model.io.Llama2cCheckpoint;
import dev.lightbulb.model.io.SafetensorsFile;
import dev.lightbulb.tensor.HostTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * stories260K exported the way HF's convert_llama_weights_to_hf.py does (Q/K rows permuted to half-split order,
 * HF tensor names, config.json) must run with NEOX RoPE and give run.c's greedy ids: this checks the NEOX path,
 * the name mapping and the HF config end to end.
 */
public class HfWeightsTest {

    /** HF's permute: within each head, row 2i+p moves to p*(headDim/2)+i. */
    static float[] permuteForHf(float[] w, int heads, int headDim, int in) {
        float[] out = new float[w.length];
        for (int h = 0; h < heads; h++)
            for (int i = 0; i < headDim / 2; i++)
                for (int p = 0; p < 2; p++) {
                    int from = h * headDim + 2 * i + p, to = h * headDim + p * (headDim / 2) + i;
                    System.arraycopy(w, from * in, out, to * in, in);
                }
        return out;
    }

    /** Writes stories260K as HF's converter would (model.safetensors + config.json) into {@code dir}. */
    public static void writeHfExport(Path dir) throws Exception {
        try (Llama2cCheckpoint c = Llama2cCheckpoint.open(SharedData.path("models/tinystories/stories260K.bin"))) {
            ObjectMapper json = new ObjectMapper();
            ObjectNode header = json.createObjectNode();
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            for (Map.Entry<String, HostTensor> e : c.tensors().entrySet()) {
                if (e.getKey().equals("output.weight")) continue;         // tied, as in the HF config below
                HostTensor t = e.getValue();
                float[] v = t.toFloatArray();
                if (e.getKey().endsWith("attn_q.weight")) v = permuteForHf(v, c.heads(), c.headSize(), c.dim());
                if (e.getKey().endsWith("attn_k.weight")) v = permuteForHf(v, c.kvHeads(), c.headSize(), c.dim());
                long[] s = t.shape();
                ObjectNode info = header.putObject(HfWeights.hfName(e.getKey()));
                info.put("dtype", "F32");
                var shape = info.putArray("shape");
                for (int i = s.length - 1; i >= 0; i--) shape.add(s[i]);
                var offsets = info.putArray("data_offsets");
                offsets.add(data.size());
                ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (float f : v) b.putFloat(f);
                data.write(b.array());
                offsets.add(data.size());
            }
            byte[] h = json.writeValueAsBytes(header);
            Path st = dir.resolve("model.safetensors");
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length);
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            file.write(len.array());
            file.write(h);
            file.write(data.toByteArray());
            Files.write(st, file.toByteArray());
            Path cfg = dir.resolve("config.json");
            Files.writeString(cfg, String.format("""
                    {"model_type": "llama", "hidden_size": %d, "intermediate_size": %d, "num_hidden_layers": %d,
                     "num_attention_heads": %d, "num_key_value_heads": %d, "vocab_size": %d, "max_position_embeddings": %d,
                     "rms_norm_eps": 1e-05, "rope_theta": 10000.0, "tie_word_embeddings": true}""",
                    c.dim(), c.hiddenDim(), c.layers(), c.heads(), c.kvHeads(), c.vocabSize(), c.seqLen()), StandardCharsets.UTF_8);
        }
    }

    @Test
    void hfExportOfStories260KRunsWithNeoxRopeAndGivesRunCsIds(@TempDir Path dir) throws Exception {
        JsonNode ref = ReferenceOutputs.read("stories260K_greedy_once.json");
        int[] expected = java.util.Arrays.copyOf(ReferenceOutputs.ints(ref.get("generated_ids")), 100);
        writeHfExport(dir);
        Path cfg = dir.resolve("config.json"), st = dir.resolve("model.safetensors");
        ModelConfig config = ModelConfig.fromHf(HfConfig.read(cfg), null, cfg.toString());
        assertEquals(RopeLayout.NEOX, config.rope().layout());
        try (SafetensorsFile sf = SafetensorsFile.open(st);
             LlamaModel m = LlamaModel.load(config, new HfWeights(List.of(sf), st.toString()), new CpuBackend())) {
            Generation g = Generator.generate(m, ReferenceOutputs.ints(ref.get("prompt_ids")), expected.length, SamplingParams.GREEDY, t -> false);
            assertArrayEquals(expected, g.generatedIds());
        }
    }

    /** The command line opens a Hugging Face folder as a model (here with llama2.c's tok512 as --tokenizer). */
    @Test
    void generateRunsAHuggingFaceFolder(@TempDir Path dir) throws Exception {
        JsonNode ref = ReferenceOutputs.read("stories260K_greedy_once.json");
        int[] expected = java.util.Arrays.copyOf(ReferenceOutputs.ints(ref.get("generated_ids")), 40);
        writeHfExport(dir);
        CliRun.Result r = CliRun.run("generate", "--model", dir.toString(), "--tokenizer",
                SharedData.path("models/tinystories/tok512.bin").toString(), "--prompt", "Once upon a time",
                "--max-tokens", "40", "--json", "--backend", "cpu");
        assertEquals(0, r.code(), r.err());
        JsonNode result = new ObjectMapper().readTree(r.out());
        assertArrayEquals(ReferenceOutputs.ints(ref.get("prompt_ids")), ReferenceOutputs.ints(result.get("prompt_ids")));
        assertArrayEquals(expected, ReferenceOutputs.ints(result.get("generated_ids")));
    }

    @Test
    void namesMapToHf() {
        assertEquals("model.layers.3.self_attn.k_proj.bias", HfWeights.hfName("blk.3.attn_k.bias"));
        assertEquals("model.layers.0.post_attention_layernorm.weight", HfWeights.hfName("blk.0.ffn_norm.weight"));
        assertEquals("lm_head.weight", HfWeights.hfName("output.weight"));
    }
}
