package dev.lightbulb;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** A fresh clone skips the reference tests cleanly and counts them; CI's flag turns a missing file into a failure. */
class ReferenceDataSkipsTest {

    @Test
    void missingDataSkipsOrFailsWhenRequired(@TempDir Path empty) {
        TestAbortedException skip = assertThrows(TestAbortedException.class, () -> SharedData.path(empty, "models/x.gguf", false));
        assertEquals(SharedData.MISSING + empty.resolve("models/x.gguf"), skip.getMessage());
        assertThrows(AssertionFailedError.class, () -> SharedData.path(empty, "models/x.gguf", true));
        assertEquals(empty, SharedData.path(empty.getParent(), empty.getFileName().toString(), true));
    }

    /** Two tests that need missing data, one class whose set-up does, and one test that needs none. */
    static class Sample {
        @Test void needsData() { SharedData.path(Path.of("no-such-folder"), "a", false); }
        @Test void needsOtherData() { SharedData.path(Path.of("no-such-folder"), "b", false); }
        @Test void needsNothing() {}
    }

    static class SampleWithSetUp {
        @BeforeAll static void load() { SharedData.path(Path.of("no-such-folder"), "vocab", false); }
        @Test void first() {}
        @Test void second() {}
        @Test void third() {}
    }

    @Test
    void countsEverySkippedTestIncludingThoseOfASkippedClass(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("skips.txt");
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false).build());
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(Sample.class), selectClass(SampleWithSetUp.class)).build(),
                new ReferenceDataSkips(log.toString()), summary);
        assertEquals(0, summary.getSummary().getTotalFailureCount(), "skips, not errors");
        assertEquals(2 + 3, Files.readAllLines(log).size());
    }
}
