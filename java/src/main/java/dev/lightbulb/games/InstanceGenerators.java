package dev.lightbulb.games;

import dev.lightbulb.LightbulbException;

import java.util.List;
import java.util.ServiceLoader;

/** The {@link InstanceGenerator}s on the class path, one per game. */
public final class InstanceGenerators {
    private InstanceGenerators() {}

    public static final List<InstanceGenerator> ALL = ServiceLoader.load(InstanceGenerator.class, InstanceGenerator.class.getClassLoader())
            .stream().map(ServiceLoader.Provider::get).toList();

    /** The generator of a game; an unknown game is a user error naming the known ones. */
    public static InstanceGenerator forGame(String game) {
        for (InstanceGenerator g : ALL) if (g.game().equals(game)) return g;
        Games.byName(game);   // an unknown game: the usual message
        throw new LightbulbException("no instance generator for game '" + game + "'; known: " + ALL.stream().map(InstanceGenerator::game).toList());
    }
}
