package dev.lightbulb.games;

import dev.lightbulb.LightbulbException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A word list shipped with lightbulb: one entry per line, stripped, blank lines skipped, in file order. */
public final class WordList {
    private WordList() {}

    public static List<String> resource(String path) {
        try (InputStream in = WordList.class.getResourceAsStream(path)) {
            if (in == null) throw new LightbulbException("resource " + path + " is missing from the lightbulb jar");
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(String::strip).filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            throw new LightbulbException("resource " + path + ": " + e.getMessage(), e);
        }
    }
}
