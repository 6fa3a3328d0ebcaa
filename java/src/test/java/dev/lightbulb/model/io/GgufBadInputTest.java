package dev.lightbulb.model.io;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.tensor.HostTensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Each kind of damage gives one LightbulbException naming the file and the field or tensor. */
class GgufBadInputTest {
    @TempDir
    Path tmp;

    private byte[] good;
    private int alphaInfo; // offset of tensor.alpha's name in the tensor table
    private int betaInfo;

    @BeforeEach
    void writeAGoodFile() throws Exception {
        Path p = tmp.resolve("good.gguf");
        new GgufWriter()
                .putString("general.architecture", "llama")
                .put("tokenizer.ggml.scores", GgufValue.array(GgufValueType.FLOAT32, new float[]{1, 2, 3}))
                .addTensor(HostTensor.ofFloats("tensor.alpha", new float[]{1, 2, 3, 4}, 4))
                .addTensor(HostTensor.ofFloats("tensor.beta_", new float[16], 8, 2))
                .write(p);
        good = Files.readAllBytes(p);
        alphaInfo = indexOf(good, "tensor.alpha");
        betaInfo = indexOf(good, "tensor.beta_");
        try (GgufFile f = GgufFile.open(p)) {
            assertEquals(2, f.tensors().size()); // the baseline loads
        }
    }

    private static int indexOf(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + n.length <= haystack.length; i++) {
            for (int j = 0; j < n.length; j++) if (haystack[i + j] != n[j]) continue outer;
            return i;
        }
        throw new AssertionError(needle + " not found");
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Opens {@code bytes} as a file and returns the error message, which must name the file. */
    private String failure(String name, byte[] bytes) throws Exception {
        Path p = tmp.resolve(name);
        Files.write(p, bytes);
        LightbulbException e = assertThrows(LightbulbException.class, () -> GgufFile.open(p).close());
        assertTrue(e.getMessage().contains(name), e.getMessage());
        return e.getMessage();
    }

    @Test
    void truncatedFile() throws Exception {
        String m = failure("cut.gguf", Arrays.copyOf(good, 40));
        assertTrue(m.contains("truncated") && m.contains("metadata key/value count"), m);
        m = failure("empty.gguf", new byte[0]);
        assertTrue(m.contains("truncated") && m.contains("magic"), m);
        m = failure("nodata.gguf", Arrays.copyOf(good, good.length - 8));
        assertTrue(m.contains("tensor.beta_") && m.contains("past the end"), m);
    }

    @Test
    void everyTruncationIsAClearError() throws Exception {
        Path p = tmp.resolve("prefix.gguf");
        for (int n = 0; n < good.length; n++) {
            Files.write(p, Arrays.copyOf(good, n));
            assertThrows(LightbulbException.class, () -> GgufFile.open(p).close(), "prefix " + n);
        }
    }

    @Test
    void wrongMagic() throws Exception {
        byte[] b = good.clone();
        b[0] = 'X';
        assertTrue(failure("magic.gguf", b).contains("not a GGUF file"));
    }

    @Test
    void unsupportedVersion() throws Exception {
        byte[] b = good.clone();
        le(b).putInt(4, 1);
        assertTrue(failure("v1.gguf", b).contains("unsupported GGUF version 1"));
        le(b).putInt(4, Integer.reverseBytes(3));
        assertTrue(failure("be.gguf", b).contains("big-endian"));
    }

    @Test
    void unknownTensorTypeId() throws Exception {
        byte[] b = good.clone();
        int typeAt = alphaInfo + 12 + 4 + 8; // name, n_dims, one dimension
        assertEquals(0, le(b).getInt(typeAt));
        le(b).putInt(typeAt, 99);
        String m = failure("type.gguf", b);
        assertTrue(m.contains("tensor.alpha") && m.contains("unknown ggml type id 99"), m);
    }

    @Test
    void tensorDataPastEndOfFile() throws Exception {
        byte[] b = good.clone();
        int offsetAt = betaInfo + 12 + 4 + 16 + 4;
        le(b).putLong(offsetAt, 1L << 40);
        String m = failure("past.gguf", b);
        assertTrue(m.contains("tensor.beta_") && m.contains("past the end"), m);
    }

    @Test
    void tensorSizeNotMatchingItsShape() throws Exception {
        byte[] b = good.clone();
        int dimAt = alphaInfo + 12 + 4;
        le(b).putLong(dimAt, 10); // 40 bytes: runs into tensor.beta_ at data offset 32
        String m = failure("shape.gguf", b);
        assertTrue(m.contains("tensor.alpha") && m.contains("overlaps tensor 'tensor.beta_'"), m);
        le(b).putLong(dimAt, 1L << 62); // element count overflows the byte size
        m = failure("huge.gguf", b);
        assertTrue(m.contains("tensor.alpha"), m);
    }

    @Test
    void duplicateTensorNames() throws Exception {
        byte[] b = good.clone();
        System.arraycopy("tensor.alpha".getBytes(StandardCharsets.US_ASCII), 0, b, betaInfo, 12);
        assertTrue(failure("dup.gguf", b).contains("duplicate tensor name 'tensor.alpha'"));
    }

    @Test
    void badStringAndArrayLengths() throws Exception {
        byte[] b = good.clone();
        le(b).putLong(24, Long.MAX_VALUE - 3); // length of the first metadata key
        String m = failure("strlen.gguf", b);
        assertTrue(m.contains("bad string length") && m.contains("metadata key #0"), m);

        b = good.clone();
        int arrayLengthAt = indexOf(b, "tokenizer.ggml.scores") + "tokenizer.ggml.scores".length() + 4 + 4;
        assertEquals(3, le(b).getLong(arrayLengthAt));
        le(b).putLong(arrayLengthAt, 1L << 60); // would be 4 EiB of floats
        m = failure("arraylen.gguf", b);
        assertTrue(m.contains("tokenizer.ggml.scores") && m.contains("cannot fit"), m);

        b = good.clone();
        le(b).putLong(8, 1L << 50); // tensor count
        assertTrue(failure("count.gguf", b).contains("tensor count"));
    }

    /** A key, name or value of binary bytes is quoted as a short escaped excerpt, never kilobytes of it. */
    @Test
    void binaryTextFromTheFileIsQuotedShort() throws Exception {
        byte[] binary = new byte[8000];
        new Random(5).nextBytes(binary);
        binary[0] = 0x1b;
        String key = new String(binary, StandardCharsets.ISO_8859_1);
        Path p = tmp.resolve("binkey.gguf");
        new GgufWriter().put(key, GgufValue.uint32(7)).addTensor(HostTensor.ofFloats("t", new float[] {1}, 1)).write(p);
        byte[] b = Files.readAllBytes(p);
        int typeAt = 24 + 8 + key.getBytes(StandardCharsets.UTF_8).length;
        assertEquals(4, le(b).getInt(typeAt));        // UINT32
        le(b).putInt(typeAt, 77);
        String m = failure("binkey.gguf", b);
        assertTrue(m.contains("metadata '\\x1b") && m.contains("characters) has unknown value type id 77"), m);
        assertTrue(m.length() < 300 && m.chars().noneMatch(Character::isISOControl), m);
    }

    @Test
    void randomCorruptionNeverEscapesAsAnotherException() throws Exception {
        Random r = new Random(9);
        Path p = tmp.resolve("fuzz.gguf");
        for (int trial = 0; trial < 400; trial++) {
            byte[] b = good.clone();
            int flips = 1 + r.nextInt(4);
            for (int i = 0; i < flips; i++) b[r.nextInt(Math.min(b.length, betaInfo + 64))] = (byte) r.nextInt(256);
            Files.write(p, b);
            try (GgufFile f = GgufFile.open(p)) {
                for (GgufTensorInfo t : f.tensors()) {
                    if (t.type().isSupported()) f.tensor(t.name()).toFloatArray();
                }
            } catch (LightbulbException expected) {
                // the only acceptable failure
            }
        }
    }
}
