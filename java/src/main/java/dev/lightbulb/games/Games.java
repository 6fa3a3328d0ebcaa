package dev.lightbulb.games;

import dev.lightbulb.LightbulbException;

import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The clembench v1.6 text games on the class path, in the order of {@code META-INF/services/dev.lightbulb.games.Game}
 * (each game's package provides its {@link Game}s there, so this package needs nothing from them).
 */
public final class Games {
    private Games() {}

    public static final List<Game> ALL = load();

    public static Game byName(String name) {
        for (Game g : ALL) if (g.name().equals(name)) return g;
        throw new LightbulbException("unknown game '" + name + "'; known: "
                + ALL.stream().map(Game::name).toList());
    }

    private static List<Game> load() {
        List<Game> games = ServiceLoader.load(Game.class, Game.class.getClassLoader()).stream().map(ServiceLoader.Provider::get).toList();
        Set<String> names = new HashSet<>();
        for (Game g : games) {
            if (!names.add(g.name())) throw new IllegalStateException("two games named '" + g.name() + "' on the class path");
        }
        return games;
    }
}
