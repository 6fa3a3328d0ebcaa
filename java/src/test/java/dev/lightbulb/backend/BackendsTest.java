package dev.lightbulb.backend;

import dev.lightbulb.LightbulbException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Backends come from their providers (ServiceLoader); names are matched without regard to case. */
class BackendsTest {
    @Test
    void namesSelectTheirProvider() {
        for (String name : new String[] {"cpu", "CPU", "Cpu"}) {
            try (Backend b = Backends.create(name)) {
                assertEquals("cpu", b.name());
            }
        }
        try (Backend auto = Backends.create(null)) {
            assertTrue(auto.name().equals("cpu") || auto.name().equals("cuda"), auto.name());
        }
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        LightbulbException e = assertThrows(LightbulbException.class, () -> Backends.create("tpu"));
        assertEquals("--backend: unknown backend 'tpu' (expected auto, cpu or cuda)", e.getMessage());
    }
}
