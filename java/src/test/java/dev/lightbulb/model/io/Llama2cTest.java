package dev.lightbulb.model.io;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.SharedData;
import dev.lightbulb.tensor.HostTensor;
import dev.lightbulb.text.Llama2cTokenizerFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class Llama2cTest {
    @TempDir
    Path tmp;

    private static Path shared(String name) {
        return SharedData.path("models/tinystories/" + name);
    }

    @Test
    void readsTheStories260KHeader() {
        try (Llama2cCheckpoint c = Llama2cCheckpoint.open(shared("stories260K.bin"))) {
            assertEquals(64, c.dim());
            assertEquals(172, c.hiddenDim());
            assertEquals(5, c.layers());
            assertEquals(8, c.heads());
            assertEquals(4, c.kvHeads());
            assertEquals(512, c.vocabSize());
            assertEquals(512, c.seqLen());
            assertTrue(c.sharedClassifier());
            assertEquals(48, c.tensors().size());
            HostTensor wk = c.tensor("blk.2.attn_k.weight");
            assertArrayEquals(new long[]{64, 32}, wk.shape());
            // the first float after the 7-int header is the first embedding value
            ByteBuffer raw = ByteBuffer.wrap(readAll(shared("stories260K.bin"))).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(raw.getFloat(28), c.tensor("token_embd.weight").toFloatArray()[0]);
            assertArrayEquals(c.tensor("token_embd.weight").toFloatArray(), c.tensor("output.weight").toFloatArray());
        }
    }

    private static byte[] readAll(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (java.io.IOException e) {
            throw new RuntimeException(e);
        }
    }

    @Test
    void readsTok512() {
        Llama2cTokenizerFile t = Llama2cTokenizerFile.read(shared("tok512.bin"));
        assertEquals(512, t.size());
        assertEquals("\n<s>\n", t.pieces().get(1));
        assertEquals("<0x0A>", t.pieces().get(3 + 10));
        assertTrue(t.maxTokenLength() >= t.pieces().stream().mapToInt(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).max().orElseThrow());
    }

    @Test
    void conversionEqualsLlamaCppsFileByteForByte() throws Exception {
        Path out = tmp.resolve("ours.gguf");
        try (Llama2cCheckpoint c = Llama2cCheckpoint.open(shared("stories260K.bin"))) {
            Llama2cConverter.toGguf(c, Llama2cTokenizerFile.read(shared("tok512.bin"))).write(out);
        }
        Path theirs = shared("stories260K-f32.gguf");
        try (GgufFile a = GgufFile.open(theirs); GgufFile b = GgufFile.open(out)) {
            GgufWriterTest.assertSameMetadata(a, b);
            GgufWriterTest.assertSameTensors(a, b);
        }
        assertEquals(-1, Files.mismatch(theirs, out));
    }

    @Test
    void untiedClassifierAndBadSizesAreHandled() throws Exception {
        // a tiny model with a negative vocab_size: the classifier follows the RoPE tables
        int dim = 4, hidden = 8, layers = 1, heads = 2, kv = 1, vocab = 3, seq = 2;
        int headSize = dim / heads, kvDim = kv * headSize;
        int floats = vocab * dim + 2 * layers * dim + 2 * layers * dim * dim + 2 * layers * dim * kvDim
                + 3 * layers * dim * hidden + dim + seq * headSize + vocab * dim;
        ByteBuffer b = ByteBuffer.allocate(28 + 4 * floats).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(dim).putInt(hidden).putInt(layers).putInt(heads).putInt(kv).putInt(-vocab).putInt(seq);
        for (int i = 0; i < floats; i++) b.putFloat(i);
        Path p = tmp.resolve("tiny.bin");
        Files.write(p, b.array());
        try (Llama2cCheckpoint c = Llama2cCheckpoint.open(p)) {
            assertFalse(c.sharedClassifier());
            assertEquals(3, c.vocabSize());
            float[] cls = c.tensor("output.weight").toFloatArray();
            assertEquals(floats - vocab * dim, cls[0]);
            assertArrayEquals(new long[]{dim, kvDim}, c.tensor("blk.0.attn_v.weight").shape());
            assertEquals(vocab * dim + dim + dim * dim + 2 * dim * kvDim, c.tensor("blk.0.attn_output.weight").toFloatArray()[0]);
        }
        Path cut = tmp.resolve("cut.bin");
        Files.write(cut, java.util.Arrays.copyOf(b.array(), b.capacity() - 4));
        LightbulbException e = assertThrows(LightbulbException.class, () -> Llama2cCheckpoint.open(cut));
        assertTrue(e.getMessage().contains("cut.bin") && e.getMessage().contains("does not match its header"), e.getMessage());
        ByteBuffer huge = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN);
        huge.putInt(1 << 30).putInt(1 << 30).putInt(1 << 30).putInt(1).putInt(1).putInt(1 << 30).putInt(1);
        Path big = tmp.resolve("huge.bin");
        Files.write(big, huge.array());
        e = assertThrows(LightbulbException.class, () -> Llama2cCheckpoint.open(big));
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
        Path tiny = tmp.resolve("tiny2.bin");
        Files.write(tiny, new byte[]{1, 0, 0});
        e = assertThrows(LightbulbException.class, () -> Llama2cCheckpoint.open(tiny));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void tokenizerFileErrorsNameTheToken() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(4 + 8 + 2 + 8 + 1).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(4).putFloat(-1f).putInt(2).put((byte) 'h').put((byte) 'i').putFloat(0f).putInt(999).put((byte) 'x');
        Path p = tmp.resolve("tok.bin");
        Files.write(p, b.array());
        LightbulbException e = assertThrows(LightbulbException.class, () -> Llama2cTokenizerFile.read(p));
        assertTrue(e.getMessage().contains("token 1") && e.getMessage().contains("999"), e.getMessage());
    }
}
