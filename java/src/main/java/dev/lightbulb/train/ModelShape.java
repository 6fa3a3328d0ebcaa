package dev.lightbulb.train;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.backend.RopeSpec;
import dev.lightbulb.model.ModelConfig;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The shape of a model trained from scratch ({@code finetune --full --init random --shape …}): everything else (the
 * architecture, vocabulary and tokenizer, RoPE base, norm epsilon) comes from the model whose tokenizer it uses.
 *
 * @param context the context length; 0 keeps the tokenizer model's
 */
public record ModelShape(int dim, int layers, int heads, int kvHeads, int hidden, int context) {
    public ModelShape {
        if (dim <= 0 || layers <= 0 || heads <= 0 || kvHeads <= 0 || hidden <= 0 || context < 0) {
            throw new LightbulbException("--shape: every size must be positive: " + describe(dim, layers, heads, kvHeads, hidden, context));
        }
        if (dim % heads != 0 || (dim / heads) % 2 != 0) {
            throw new LightbulbException("--shape: dim " + dim + " must split into " + heads + " heads of an even size");
        }
        if (heads % kvHeads != 0) throw new LightbulbException("--shape: heads " + heads + " is not a multiple of kv-heads " + kvHeads);
    }

    /** Parses {@code dim=64,layers=2,heads=4,kv-heads=2,hidden=172[,context=256]}; kv-heads defaults to heads. */
    public static ModelShape parse(String text) {
        Map<String, Integer> v = new LinkedHashMap<>();
        for (String part : text.split(",", -1)) {
            String[] kv = part.trim().split("=", -1);
            String key = kv[0].trim().toLowerCase(Locale.ROOT);
            if (kv.length != 2 || !java.util.Set.of("dim", "layers", "heads", "kv-heads", "hidden", "context").contains(key)) {
                throw new LightbulbException("--shape: '" + part.trim() + "' is not one of dim=N, layers=N, heads=N, kv-heads=N, hidden=N, context=N");
            }
            try {
                v.put(key, Integer.parseInt(kv[1].trim()));
            } catch (NumberFormatException e) {
                throw new LightbulbException("--shape: " + key + " must be a whole number, got '" + kv[1].trim() + "'");
            }
        }
        for (String required : new String[] {"dim", "layers", "heads", "hidden"}) {
            if (!v.containsKey(required)) throw new LightbulbException("--shape: " + required + "=N is missing (e.g. dim=64,layers=2,heads=4,hidden=172)");
        }
        return new ModelShape(v.get("dim"), v.get("layers"), v.get("heads"), v.getOrDefault("kv-heads", v.get("heads")), v.get("hidden"),
                v.getOrDefault("context", 0));
    }

    /** This shape in the family of {@code base}, whose RoPE base is {@code ropeTheta}. */
    public ModelConfig config(ModelConfig base, double ropeTheta) {
        int headDim = dim / heads;
        return new ModelConfig(base.architecture(), dim, layers, heads, kvHeads, headDim, hidden, base.vocabSize(),
                context == 0 ? base.contextLength() : context, base.rmsEps(), RopeSpec.standard(base.rope().layout(), headDim, ropeTheta),
                base.qkvBias(), 0);
    }

    @Override
    public String toString() {
        return describe(dim, layers, heads, kvHeads, hidden, context);
    }

    private static String describe(int dim, int layers, int heads, int kvHeads, int hidden, int context) {
        return "dim=" + dim + ",layers=" + layers + ",heads=" + heads + ",kv-heads=" + kvHeads + ",hidden=" + hidden + ",context=" + context;
    }
}
