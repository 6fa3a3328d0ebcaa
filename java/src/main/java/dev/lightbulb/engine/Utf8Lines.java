package dev.lightbulb.engine;

import dev.lightbulb.LightbulbException;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines of a UTF-8 text file such as JSONL, decoded strictly: a line that is not UTF-8 is an error naming the file,
 * the line number and the bad byte (never a silent U+FFFD or a bare "Input length = 1"). A byte-order mark at the start,
 * which some editors write, is skipped; a line may end in "\n" or "\r\n".
 */
public final class Utf8Lines {
    private Utf8Lines() {}

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** Lines of {@code bytes[0..length)}, the i-th being line i + 1 of {@code file} (named in errors). */
    public static List<String> split(Path file, byte[] bytes, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        List<String> lines = new ArrayList<>();
        int start = length >= 3 && bytes[0] == BOM[0] && bytes[1] == BOM[1] && bytes[2] == BOM[2] ? 3 : 0;
        while (start < length) {
            int end = start;
            while (end < length && bytes[end] != '\n') end++;
            int stop = end > start && bytes[end - 1] == '\r' ? end - 1 : end;
            lines.add(decode(decoder, file, lines.size() + 1, bytes, start, stop - start));
            start = end + 1;
        }
        return lines;
    }

    private static String decode(CharsetDecoder decoder, Path file, int lineNumber, byte[] bytes, int offset, int length) {
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
        CharBuffer out = CharBuffer.allocate(length);
        decoder.reset();
        CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) r = decoder.flush(out);
        if (r.isError()) {
            throw new LightbulbException(String.format("%s line %d is not valid UTF-8 (byte 0x%02x at byte %d of the line)",
                    file, lineNumber, bytes[in.position()] & 0xFF, in.position() - offset + 1));
        }
        return out.flip().toString();
    }
}
