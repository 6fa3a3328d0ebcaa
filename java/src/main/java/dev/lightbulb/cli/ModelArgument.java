package dev.lightbulb.cli;

import dev.lightbulb.model.io.BundledModels;

import java.nio.file.Path;

/**
 * The model a command runs: the user's {@code --model} file, or the bundled stories260K when none is given.
 * Records name a user's file by its absolute path and the bundled model by a stable name, since its file is a
 * temporary copy whose path says nothing (its sha256 is recorded beside it).
 *
 * @param file         the file to open
 * @param recordedName what records and JSON output call it
 * @param shortName    the default model name: the file (or folder) name without {@code .gguf} or {@code .bin}
 */
record ModelArgument(Path file, String recordedName, String shortName) {
    static final String BUNDLED_NAME = "bundled:stories260K.gguf";

    /** {@code option} is the {@code --model} value, null when not given. */
    static ModelArgument of(Path option) {
        if (option == null) return new ModelArgument(BundledModels.stories260K(), BUNDLED_NAME, "stories260K");
        Path name = option.toAbsolutePath().normalize().getFileName();
        String shortName = name == null ? "model" : name.toString().replaceFirst("\\.(gguf|bin)$", "");
        return new ModelArgument(option, option.toAbsolutePath().toString(), shortName);
    }
}
