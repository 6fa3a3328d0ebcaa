package dev.lightbulb.train;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.model.TensorNames;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A projection that can carry a LoRA adapter, by its short name (PEFT's q_proj is "q"): the seven projections of
 * every block, and the output projection ("output", PEFT's lm_head), which is the only way an adapter can raise the
 * logit of a token the base model's output rows barely know (stories260K never saw its end-of-sequence token).
 */
public enum LoraTarget {
    Q(TensorNames.ATTN_Q), K(TensorNames.ATTN_K), V(TensorNames.ATTN_V), O(TensorNames.ATTN_OUTPUT),
    GATE(TensorNames.FFN_GATE), UP(TensorNames.FFN_UP), DOWN(TensorNames.FFN_DOWN), OUTPUT(null);

    private final String part;

    LoraTarget(String part) {
        this.part = part;
    }

    /** The short name used on the command line: q, k, v, o, gate, up, down, output. */
    public String shortName() { return name().toLowerCase(Locale.ROOT); }

    /** Whether every block has one (all but the output projection). */
    public boolean perBlock() { return part != null; }

    /**
     * The GGUF name of this projection's weight in block {@code layer}, e.g. {@code blk.3.attn_q.weight}
     * ({@code output.weight} for the output projection, whatever the layer).
     */
    public String weightName(int layer) { return perBlock() ? TensorNames.layer(layer, part) : TensorNames.OUTPUT; }

    /** Targets from a comma-separated list such as "q,k,v,o"; an unknown or empty name is a clear error. */
    public static Set<LoraTarget> parse(String list) {
        Set<LoraTarget> targets = EnumSet.noneOf(LoraTarget.class);
        for (String s : list.split(",", -1)) {
            String name = s.trim().toLowerCase(Locale.ROOT);
            LoraTarget t = Arrays.stream(values()).filter(v -> v.shortName().equals(name)).findFirst().orElseThrow(() ->
                    new LightbulbException("--targets: unknown projection '" + s.trim() + "' (expected a comma-separated list of "
                            + Arrays.stream(values()).map(LoraTarget::shortName).collect(Collectors.joining(", ")) + ")"));
            targets.add(t);
        }
        return targets;
    }
}
