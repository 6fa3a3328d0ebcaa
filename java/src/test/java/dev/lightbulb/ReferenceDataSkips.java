package dev.lightbulb;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts the tests skipped because the reference data ({@link SharedData}) is missing, and appends one line
 * per skipped test to the file named by {@code lightbulb.skipLog} (bin/test prints their number and why at
 * the end). A container skipped as a whole (its set-up needed the data) counts each test it holds, or one
 * where its tests are made while it runs. Registered through META-INF/services.
 */
public final class ReferenceDataSkips implements TestExecutionListener {
    private final String log;
    private TestPlan plan;
    private final List<String> skipped = new ArrayList<>();

    public ReferenceDataSkips() { this(System.getProperty("lightbulb.skipLog")); }

    ReferenceDataSkips(String log) { this.log = log; }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) { plan = testPlan; }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (result.getStatus() != TestExecutionResult.Status.ABORTED) return;
        String why = result.getThrowable().map(Throwable::getMessage).orElse("");
        if (why == null || !why.contains(SharedData.MISSING)) return;
        List<String> tests = id.isTest() ? List.of(id.getUniqueId())
                : plan.getDescendants(id).stream().filter(TestIdentifier::isTest).map(TestIdentifier::getUniqueId).toList();
        skipped.addAll(tests.isEmpty() ? List.of(id.getUniqueId()) : tests);
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (log == null || skipped.isEmpty()) return;
        try {
            Path file = Path.of(log);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, skipped, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("ReferenceDataSkips: cannot write " + log + ": " + e.getMessage());
        }
        skipped.clear();
    }
}
