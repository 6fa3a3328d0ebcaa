package dev.lightbulb.model;

import dev.lightbulb.backend.RopeLayout;
import dev.lightbulb.backend.RopeSpec;
import dev.lightbulb.engine.RandomWeights;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** PEFT's names and row order for a llama-family adapter. */
class PeftLayoutTest {

    @Test
    void namesAreThoseOfHuggingFacesModules() {
        assertEquals("base_model.model.model.layers.3.self_attn.q_proj.lora_A.weight", PeftLayout.tensorName("blk.3.attn_q.weight", true));
        assertEquals("base_model.model.model.layers.0.mlp.down_proj.lora_B.weight", PeftLayout.tensorName("blk.0.ffn_down.weight", false));
        assertEquals("base_model.model.lm_head.lora_B.weight", PeftLayout.tensorName("output.weight", false));
        assertEquals("o_proj", PeftLayout.targetModule("blk.1.attn_output.weight"));
        assertEquals("lm_head", PeftLayout.targetModule("output.weight"));
    }

    @Test
    void bRowsOfQAndKAreHalfSplitInPeftWhereTheGgufIsAdjacentPairs() {
        ModelConfig c = RandomWeights.llama(8, 1, 2, 1, 16, 32, 16);   // head dim 4: q has 2 heads, k one
        int rank = 2;
        float[] b = new float[8 * rank];
        for (int row = 0; row < 8; row++) { b[row * rank] = row; b[row * rank + 1] = 100 + row; }
        // adjacent order within a head: (pair 0, first), (pair 0, second), (pair 1, first), (pair 1, second);
        // half-split: (pair 0, first), (pair 1, first), (pair 0, second), (pair 1, second) -- llama.cpp's permute, inverted
        float[] peft = PeftLayout.reorderB("blk.0.attn_q.weight", b, rank, c, true);
        float[] rows = new float[8];
        for (int row = 0; row < 8; row++) rows[row] = peft[row * rank];
        assertArrayEquals(new float[]{0, 2, 1, 3, 4, 6, 5, 7}, rows);
        assertEquals(102f, peft[rank + 1], "a row moves as a whole");
        assertArrayEquals(b, PeftLayout.reorderB("blk.0.attn_q.weight", peft, rank, c, false), "and back");
        assertSame(b, PeftLayout.reorderB("blk.0.attn_v.weight", b, rank, c, true), "v keeps its rows");
        ModelConfig halfSplit = new ModelConfig("qwen2", 8, 1, 2, 1, 4, 16, 32, 16, 1e-6f, RopeSpec.standard(RopeLayout.NEOX, 4, 10000), true, 0);
        assertSame(b, PeftLayout.reorderB("blk.0.attn_q.weight", b, rank, halfSplit, true), "a half-split model needs no permutation");
    }
}
