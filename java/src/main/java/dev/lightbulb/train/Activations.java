package dev.lightbulb.train;

import dev.lightbulb.backend.Backend;
import dev.lightbulb.backend.BackendBuffer;
import dev.lightbulb.model.ModelConfig;
import dev.lightbulb.model.TensorNames;
import dev.lightbulb.tensor.GgmlType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The buffers of one training step for up to {@code rows} rows: what each block's forward keeps for the backward,
 * the backward's scratch, and the scratch of the chunked output projection and loss.
 */
final class Activations implements AutoCloseable {

    /** What block l's forward keeps: its inputs to every op whose backward needs them. */
    static final class Block {
        BackendBuffer xIn, xn1, q, k, v, att, lse, xMid, xn2, gate, up, h;
        /** Per adapted weight name: the adapter's scaled down-projection {@code (alpha/r) · A·x}. */
        final Map<String, BackendBuffer> lora = new LinkedHashMap<>();
    }

    final int rows, chunkRows;
    final Block[] blocks;
    final BackendBuffer x, tokens, positions, docStarts;
    final BackendBuffer dx, dxn, projected, dHidden, dGate, dUp, dAtt, dq, dk, dv, loraDown, loraUp;
    final BackendBuffer chunkX, chunkXn, chunkDxn, chunkDx, logits, chunkTargets, losses;
    /** The output projection's adapter's scaled down-projection of the current logit chunk (empty without one). */
    final Map<String, BackendBuffer> outputLora = new LinkedHashMap<>();
    private final Backend backend;
    private final List<BackendBuffer> all = new ArrayList<>();

    /**
     * @param adapted   weight names that carry an adapter, with their output widths
     * @param maxRank   the adapters' rank (0 without adapters)
     * @param chunkRows rows of logits computed at once
     */
    Activations(Backend backend, ModelConfig c, int rows, Map<String, Integer> adapted, int maxRank, int chunkRows) {
        this.backend = backend;
        this.rows = rows;
        this.chunkRows = chunkRows;
        int dim = c.dim(), qDim = c.queryDim(), kvDim = c.kvDim(), hidden = c.hiddenDim();
        int widest = Math.max(Math.max(dim, qDim), hidden);
        blocks = new Block[c.layers()];
        for (int l = 0; l < blocks.length; l++) {
            Block b = new Block();
            b.xIn = f32(dim, rows); b.xn1 = f32(dim, rows);
            b.q = f32(qDim, rows); b.k = f32(kvDim, rows); b.v = f32(kvDim, rows);
            b.att = f32(qDim, rows); b.lse = f32(c.heads(), rows);
            b.xMid = f32(dim, rows); b.xn2 = f32(dim, rows);
            b.gate = f32(hidden, rows); b.up = f32(hidden, rows); b.h = f32(hidden, rows);
            String prefix = "blk." + l + ".";
            for (String name : adapted.keySet()) if (name.startsWith(prefix)) b.lora.put(name, f32(maxRank, rows));
            blocks[l] = b;
        }
        x = f32(dim, rows);
        tokens = i32(rows); positions = i32(rows); docStarts = i32(rows);
        dx = f32(dim, rows); dxn = f32(dim, rows); projected = f32(dim, rows);
        dHidden = f32(hidden, rows); dGate = f32(hidden, rows); dUp = f32(hidden, rows);
        dAtt = f32(qDim, rows); dq = f32(qDim, rows); dk = f32(kvDim, rows); dv = f32(kvDim, rows);
        loraDown = f32(Math.max(1, maxRank), rows);
        loraUp = f32(adapted.containsKey(TensorNames.OUTPUT) ? Math.max(widest, c.vocabSize()) : widest, Math.max(rows, chunkRows));
        chunkX = f32(dim, chunkRows); chunkXn = f32(dim, chunkRows); chunkDxn = f32(dim, chunkRows); chunkDx = f32(dim, chunkRows);
        logits = f32(c.vocabSize(), chunkRows);
        chunkTargets = i32(chunkRows);
        losses = f32(chunkRows);
        if (adapted.containsKey(TensorNames.OUTPUT)) outputLora.put(TensorNames.OUTPUT, f32(maxRank, chunkRows));
    }

    private BackendBuffer f32(long... shape) {
        BackendBuffer b = backend.allocate(GgmlType.F32, shape);
        all.add(b);
        return b;
    }

    private BackendBuffer i32(long n) {
        BackendBuffer b = backend.allocate(GgmlType.I32, n);
        all.add(b);
        return b;
    }

    @Override
    public void close() {
        for (BackendBuffer b : all) b.close();
    }
}
