package dev.lightbulb.train;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.model.TensorNames;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** A projection of a Llama block that can carry a LoRA adapter, by its short name (PEFT's q_proj is "q"). */
public enum LoraTarget {
    Q(TensorNames.ATTN_Q), K(TensorNames.ATTN_K), V(TensorNames.ATTN_V), O(TensorNames.ATTN_OUTPUT),
    GATE(TensorNames.FFN_GATE), UP(TensorNames.FFN_UP), DOWN(TensorNames.FFN_DOWN);

    private final String part;

    LoraTarget(String part) {
        this.part = part;
    }

    /** The short name used on the command line: q, k, v, o, gate, up, down. */
    public String shortName() { return name().toLowerCase(Locale.ROOT); }

    /** The GGUF name of this projection's weight in block {@code layer}, e.g. {@code blk.3.attn_q.weight}. */
    public String weightName(int layer) { return TensorNames.layer(layer, part); }

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
