package dev.lightbulb.text;

import dev.lightbulb.Excerpt;
import dev.lightbulb.LightbulbException;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into words before byte-level BPE, as llama.cpp's unicode_regex_split: the regexes run one after
 * another, each only inside the pieces the previous ones made (lookaheads and {@code $} do not see past a piece),
 * and text between matches stays as pieces of its own.
 *
 * <p>The regexes are llama.cpp's (llama-vocab.cpp, per {@code tokenizer.ggml.pre}), rewritten for java.util.regex:
 * {@code \s} becomes {@code \p{IsWhite_Space}} (Java's {@code \s} is ASCII only; llama.cpp treats all Unicode
 * whitespace as {@code \s}), {@code $} becomes {@code \z} (Java's {@code $} also matches before a final line break).
 */
public final class PreTokenizer {
    static final String GPT2 =
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)";
    /** Llama 3's regex with llama.cpp's case-insensitive contractions spelled out (Java's (?i) would fold more). */
    private static final String LLAMA3 =
            "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
                    + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    private static final String QWEN2 = LLAMA3.replace("\\p{N}{1,3}", "\\p{N}");
    private static final String CJK = "[\\x{4E00}-\\x{9FA5}\\x{0800}-\\x{4E00}\\x{AC00}-\\x{D7FF}]+";

    private final String name;
    private final Pattern[] patterns;
    private final boolean ignoreMerges;

    private PreTokenizer(String name, boolean ignoreMerges, String... llamaRegexes) {
        this.name = name;
        this.ignoreMerges = ignoreMerges;
        this.patterns = new Pattern[llamaRegexes.length];
        for (int i = 0; i < llamaRegexes.length; i++) patterns[i] = Pattern.compile(toJava(llamaRegexes[i]));
    }

    /**
     * The pre-tokenizer llama.cpp selects for GGUF's {@code tokenizer.ggml.pre} (null or empty: "default").
     * Types llama.cpp knows but we do not implement, and unknown types, are an error naming the type.
     */
    public static PreTokenizer forGguf(String pre) {
        if (pre == null || pre.isEmpty()) pre = "default";
        return switch (pre) {
            case "default" -> new PreTokenizer(pre, false,
                    "[\\p{P}\\$\\+<=>\\^~\\|]+", GPT2, "\\p{N}+", "[0-9][0-9][0-9]");
            case "llama3", "llama-v3", "llama-bpe", "falcon3", "dbrx", "smaug-bpe" ->
                    new PreTokenizer(pre, !pre.equals("dbrx") && !pre.equals("smaug-bpe"), LLAMA3);
            case "deepseek-llm" -> new PreTokenizer(pre, false,
                    "[\r\n]",
                    "\\s?[A-Za-z\\x{B5}\\x{C0}-\\x{D6}\\x{D8}-\\x{F6}\\x{F8}-\\x{1BA}\\x{1BC}-\\x{1BF}\\x{1C4}-\\x{293}\\x{295}-\\x{2AF}\\x{370}-\\x{373}\\x{376}\\x{377}\\x{37B}-\\x{37D}\\x{37F}\\x{386}\\x{388}-\\x{38A}\\x{38C}\\x{38E}-\\x{3A1}\\x{3A3}-\\x{3F5}\\x{3F7}-\\x{481}\\x{48A}-\\x{52F}\\x{531}-\\x{556}\\x{10A0}-\\x{10C5}\\x{13A0}-\\x{13F5}\\x{13F8}-\\x{13FD}\\x{1C90}-\\x{1CBA}\\x{1CBD}-\\x{1CBF}\\x{1D00}-\\x{1D2B}\\x{1D6B}-\\x{1D77}\\x{1D79}-\\x{1D9A}\\x{1E00}-\\x{1F15}\\x{1F18}-\\x{1F1D}\\x{1F20}-\\x{1F45}\\x{1F48}-\\x{1F4D}\\x{1F50}-\\x{1F57}\\x{1F59}\\x{1F5B}\\x{1F5D}\\x{1F5F}-\\x{1F7D}\\x{1F80}-\\x{1FB4}\\x{1FB6}-\\x{1FBC}\\x{1FBE}\\x{1FC2}-\\x{1FC4}\\x{1FC6}-\\x{1FCC}\\x{1FD0}-\\x{1FD3}\\x{1FD6}-\\x{1FDB}\\x{1FE0}-\\x{1FEC}\\x{1FF2}-\\x{1FF4}\\x{1FF6}-\\x{1FFC}\\x{2102}\\x{2107}\\x{210A}-\\x{2113}\\x{2115}\\x{2119}-\\x{211D}\\x{2124}\\x{2126}\\x{2128}\\x{212A}-\\x{212D}\\x{212F}-\\x{2134}\\x{2139}\\x{213C}-\\x{213F}\\x{2145}-\\x{2149}\\x{214E}\\x{2183}\\x{2184}\\x{2C00}-\\x{2C7B}\\x{2C7E}-\\x{2CE4}\\x{2CEB}-\\x{2CEE}\\x{2CF2}\\x{2CF3}\\x{A640}-\\x{A66D}\\x{A680}-\\x{A69B}\\x{A722}-\\x{A76F}\\x{A771}-\\x{A787}\\x{A78B}-\\x{A78E}\\x{AB70}-\\x{ABBF}\\x{FB00}-\\x{FB06}\\x{FB13}-\\x{FB17}\\x{FF21}-\\x{FF3A}\\x{FF41}-\\x{FF5A}\\x{10400}-\\x{1044F}\\x{104B0}-\\x{104D3}\\x{104D8}-\\x{104FB}\\x{10C80}-\\x{10CB2}\\x{10CC0}-\\x{10CF2}\\x{118A0}-\\x{118DF}\\x{1E900}-\\x{1E943}]+",
                    // llama.cpp's range is U+3000-U+3002, but it turns non-ASCII whitespace into \v before matching,
                    // so the ideographic space U+3000 never matches the range there: leave it out here
                    "\\s?[!-/:-~\\x{FF01}-\\x{FF0F}\\x{FF1A}-\\x{FF5E}\\x{2018}-\\x{201F}\\x{3001}-\\x{3002}]+",
                    "\\s+$",
                    CJK,
                    "\\p{N}+");
            case "deepseek-coder" -> new PreTokenizer(pre, false,
                    "[\r\n]", "\\s?\\p{L}+", "\\s?\\p{P}+", CJK, "\\p{N}");
            case "falcon" -> new PreTokenizer(pre, false,
                    "[\\p{P}\\$\\+<=>\\^~\\|`]+", GPT2, "[0-9][0-9][0-9]");
            case "starcoder", "refact", "command-r", "smollm", "codeshell", "exaone", "minerva-7b" ->
                    new PreTokenizer(pre, false, "\\p{N}", GPT2);
            case "gpt-2", "phi-2", "jina-es", "jina-de", "gigachat", "jina-v1-en", "jina-v2-es", "jina-v2-de",
                 "jina-v2-code", "roberta-bpe", "mpt", "olmo", "jais" -> new PreTokenizer(pre, false, GPT2);
            case "qwen2", "deepseek-r1-qwen", "megrez", "stablelm2" -> new PreTokenizer(pre, false, QWEN2);
            default -> throw new LightbulbException("tokenizer.ggml.pre: pre-tokenizer " + Excerpt.quote(pre)
                    + " is not supported (supported: default, llama3/llama-bpe, qwen2, gpt-2, mpt, starcoder, refact, "
                    + "falcon, deepseek-llm, deepseek-coder, and their llama.cpp aliases)");
        };
    }

    /**
     * A pre-tokenizer from one regex in Python/Rust syntax (a Hugging Face tokenizer.json Split pattern), translated
     * as the class comment says; {@code (?i:...)} folds ASCII case only, as llama.cpp does.
     */
    static PreTokenizer ofRegex(String name, boolean ignoreMerges, String regex) {
        try {
            return new PreTokenizer(name, ignoreMerges, regex);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new LightbulbException(name + ": pre-tokenizer regex cannot be used: " + e.getDescription());
        }
    }

    /** Llama 3's pre-tokenizer (for tiktoken vocabularies, which carry no pre type). */
    public static PreTokenizer llama3() { return forGguf("llama-bpe"); }

    /** Qwen2's pre-tokenizer (single digits). */
    public static PreTokenizer qwen2() { return forGguf("qwen2"); }

    public String name() { return name; }

    /** Whether a word that is itself a token skips the merges (llama.cpp's ignore_merges, set for Llama 3). */
    boolean ignoreMerges() { return ignoreMerges; }

    /** The words of {@code text}, in order; together they are exactly the text. */
    public List<String> split(String text) {
        int[] bounds = {0, text.length()};
        int count = text.isEmpty() ? 0 : 1;
        for (Pattern p : patterns) {
            int[] next = new int[Math.max(8, count * 4)];
            int n = 0;
            Matcher m = p.matcher(text);
            for (int i = 0; i < count; i++) {
                int from = bounds[2 * i], to = bounds[2 * i + 1];
                m.region(from, to);
                int at = from;
                while (m.find()) {
                    if (m.end() == m.start()) continue;
                    if (m.start() > at) next = add(next, n++, at, m.start());
                    next = add(next, n++, m.start(), m.end());
                    at = m.end();
                }
                if (at < to) next = add(next, n++, at, to);
            }
            bounds = next;
            count = n;
        }
        List<String> words = new ArrayList<>(count);
        for (int i = 0; i < count; i++) words.add(text.substring(bounds[2 * i], bounds[2 * i + 1]));
        return words;
    }

    private static int[] add(int[] bounds, int index, int from, int to) {
        if (2 * index + 2 > bounds.length) bounds = java.util.Arrays.copyOf(bounds, bounds.length * 2);
        bounds[2 * index] = from;
        bounds[2 * index + 1] = to;
        return bounds;
    }

    /** Rewrites a llama.cpp (ECMAScript/Python style) regex for java.util.regex; see the class comment. */
    static String toJava(String regex) {
        StringBuilder out = new StringBuilder(regex.length() + 32);
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                char e = regex.charAt(++i);
                if (e == 's') out.append("\\p{IsWhite_Space}");
                else if (e == 'S') out.append("\\P{IsWhite_Space}");
                else out.append(c).append(e);
            } else if (c == '$') {
                out.append("\\z");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "PreTokenizer[" + name + "]";
    }
}
