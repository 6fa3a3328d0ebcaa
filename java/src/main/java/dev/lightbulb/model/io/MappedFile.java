package dev.lightbulb.model.io;

import dev.lightbulb.InputFiles;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.BiFunction;

/** Memory-maps a whole file read-only into a shared arena and hands it to a parser; the arena is closed if parsing fails. */
final class MappedFile {
    private MappedFile() {}

    /** {@code kind} names the format for the error message ("GGUF file", ...). */
    static <T> T open(Path path, String kind, BiFunction<Arena, MemorySegment, T> parse) {
        InputFiles.requireReadableFile(path, "a " + kind);
        Arena arena = Arena.ofShared(); // shared: tensors are read from many threads
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment file = ch.size() == 0 ? MemorySegment.ofArray(new byte[0])
                    : ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            return parse.apply(arena, file);
        } catch (IOException e) {
            arena.close();
            throw InputFiles.cannotRead(path, kind, e);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }
}
