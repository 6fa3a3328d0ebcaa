package dev.lightbulb.text;

import dev.lightbulb.LightbulbException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * SentencePiece's {@code tokenizer.model}: a protobuf ModelProto (sentencepiece_model.proto). We read what a
 * BPE tokenizer needs: pieces (field 1: piece=1, score=2, type=3), trainer_spec (field 2: model_type=3,
 * unk_id=40, bos_id=41, eos_id=42) and normalizer_spec (field 3: add_dummy_prefix=3). Token types map to GGUF's
 * as llama.cpp's converter maps them. Only the BPE model type (2) is supported; unigram models are refused.
 */
final class SentencePieceModelFile {
    private SentencePieceModelFile() {}

    static boolean looksLikeOne(byte[] head) {
        // field 1 (pieces), wire type 2, then the piece message whose first field is 1 (piece), wire type 2
        return head.length > 3 && head[0] == 0x0A && head[2] == 0x0A;
    }

    static Tokenizer read(Path file) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new LightbulbException(file + ": cannot read SentencePiece model: " + e.getMessage(), e);
        }
        List<String> pieces = new ArrayList<>();
        List<Float> scores = new ArrayList<>();
        List<TokenType> types = new ArrayList<>();
        int modelType = 1, unk = 0, bos = 1, eos = 2;
        boolean addDummyPrefix = true;
        try {
            Proto model = new Proto(all, 0, all.length);
            while (model.more()) {
                int tag = model.tag();
                if (tag == (1 << 3 | 2)) {
                    Proto p = model.message();
                    String piece = "";
                    float score = 0;
                    int type = 1;
                    while (p.more()) {
                        int t = p.tag();
                        if (t == (1 << 3 | 2)) piece = p.string();
                        else if (t == (2 << 3 | 5)) score = p.fixed32Float();
                        else if (t == (3 << 3)) type = (int) p.varint();
                        else p.skip(t);
                    }
                    pieces.add(piece);
                    scores.add(score);
                    types.add(switch (type) {
                        case 2 -> TokenType.UNKNOWN;
                        case 3 -> TokenType.CONTROL;
                        case 4 -> TokenType.USER_DEFINED;
                        case 5 -> TokenType.UNUSED;
                        case 6 -> TokenType.BYTE;
                        default -> TokenType.NORMAL;
                    });
                } else if (tag == (2 << 3 | 2)) {
                    Proto trainer = model.message();
                    while (trainer.more()) {
                        int t = trainer.tag();
                        if (t == (3 << 3)) modelType = (int) trainer.varint();
                        else if (t == (40 << 3)) unk = (int) trainer.varint();
                        else if (t == (41 << 3)) bos = (int) trainer.varint();
                        else if (t == (42 << 3)) eos = (int) trainer.varint();
                        else trainer.skip(t);
                    }
                } else if (tag == (3 << 3 | 2)) {
                    Proto normalizer = model.message();
                    while (normalizer.more()) {
                        int t = normalizer.tag();
                        if (t == (3 << 3)) addDummyPrefix = normalizer.varint() != 0;
                        else normalizer.skip(t);
                    }
                } else {
                    model.skip(tag);
                }
            }
        } catch (RuntimeException e) {
            if (e instanceof LightbulbException) throw e;
            throw new LightbulbException(file + ": not a SentencePiece model (protobuf): " + e.getMessage(), e);
        }
        if (modelType != 2) {
            throw new LightbulbException(file + ": SentencePiece trainer_spec.model_type " + modelType
                    + " is not supported (supported: 2 = BPE; 1 = unigram is not)");
        }
        if (pieces.isEmpty()) throw new LightbulbException(file + ": SentencePiece model has no pieces");
        int n = pieces.size();
        float[] s = new float[n];
        for (int i = 0; i < n; i++) s[i] = scores.get(i);
        Vocabulary v = new Vocabulary(pieces.toArray(new String[0]), types.toArray(new TokenType[0]), s,
                idOrNone(bos, n), idOrNone(eos, n), idOrNone(unk, n), true);
        return new SentencePieceBpe(v, addDummyPrefix);
    }

    /** SentencePiece disables a special token with id -1; any id outside the pieces is as good as none. */
    private static int idOrNone(int id, int n) {
        return id >= 0 && id < n ? id : -1;
    }

    /** A protobuf message reader over a byte range; errors are IllegalArgumentException. */
    private static final class Proto {
        private final ByteBuffer in;
        private final int end;

        Proto(byte[] bytes, int from, int to) {
            in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            in.position(from);
            end = to;
        }

        boolean more() { return in.position() < end; }

        int tag() { return (int) varint(); }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (in.position() >= end) throw new IllegalArgumentException("varint cut off at byte " + in.position());
                byte b = in.get();
                v |= (long) (b & 0x7F) << shift;
                if (b >= 0) return v;
            }
            throw new IllegalArgumentException("varint too long at byte " + in.position());
        }

        private int length() {
            long len = varint();
            if (len < 0 || len > end - in.position()) throw new IllegalArgumentException("length " + len + " runs past the message at byte " + in.position());
            return (int) len;
        }

        Proto message() {
            int len = length();
            Proto p = new Proto(in.array(), in.position(), in.position() + len);
            in.position(in.position() + len);
            return p;
        }

        String string() {
            int len = length();
            String s = new String(in.array(), in.position(), len, StandardCharsets.UTF_8);
            in.position(in.position() + len);
            return s;
        }

        float fixed32Float() {
            if (end - in.position() < 4) throw new IllegalArgumentException("float cut off at byte " + in.position());
            return in.getFloat();
        }

        void skip(int tag) {
            switch (tag & 7) {
                case 0 -> varint();
                case 1 -> in.position(checked(8));
                case 2 -> {
                    int len = length(); // read the length first: it moves the position
                    in.position(in.position() + len);
                }
                case 5 -> in.position(checked(4));
                default -> throw new IllegalArgumentException("unsupported wire type " + (tag & 7) + " at byte " + in.position());
            }
        }

        private int checked(int n) {
            if (end - in.position() < n) throw new IllegalArgumentException("field cut off at byte " + in.position());
            return in.position() + n;
        }
    }
}
