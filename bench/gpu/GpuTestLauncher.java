import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.io.PrintWriter;
import java.util.Arrays;

/**
 * Runs the gpu-tagged JUnit tests on a machine with no Maven (the GPU machine): those of the classes named on the
 * command line, or with no argument every gpu-tagged test under the package {@code dev.lightbulb}; it is
 * compiled by bench/gpu/prepare.sh, run by bench/gpu/run.sh with the carried Java runtime.
 * First prints one preflight line (driver, device, or why CUDA is unavailable); then one line per test, and for a
 * class whose set-up failed or was aborted (no device, libcuda not loadable) the reason and its cause chain.
 * Exit code: 0 when every test passed and at least one ran, 1 otherwise.
 */
public final class GpuTestLauncher {
    public static void main(String[] args) {
        // --allow-no-gpu (the dry run of run.sh without a GPU): no device is a clean skip, not a failure
        boolean allowNoGpu = Arrays.asList(args).contains("--allow-no-gpu");
        String[] classes = Arrays.stream(args).filter(a -> !a.startsWith("--")).toArray(String[]::new);
        String preflight = preflight();
        System.out.println("preflight: " + preflight);
        if (allowNoGpu && preflight.startsWith("CUDA unavailable")) {
            System.out.println("GPU TESTS: SKIPPED, no GPU");
            System.exit(0);
        }
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(classes.length == 0 ? java.util.List.of(DiscoverySelectors.selectPackage("dev.lightbulb"))
                        : Arrays.stream(classes).map(DiscoverySelectors::selectClass).toList())
                .filters(TagFilter.includeTags("gpu"))
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "false")
                .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(request, summary, new VerboseListener());
        TestExecutionSummary s = summary.getSummary();
        PrintWriter out = new PrintWriter(System.out, true);
        s.printFailuresTo(out, 30);
        s.printTo(out);
        boolean ok = s.getTotalFailureCount() == 0 && s.getTestsSucceededCount() > 0 && s.getContainersFailedCount() == 0;
        System.out.printf("GPU TESTS: %s (%d passed, %d failed, %d aborted, %d skipped, %d containers failed)%n",
                ok ? "PASS" : "FAIL", s.getTestsSucceededCount(), s.getTestsFailedCount(), s.getTestsAbortedCount(),
                s.getTestsSkippedCount(), s.getContainersFailedCount());
        System.exit(ok ? 0 : 1);
    }

    /** The CUDA backend's own one-line description, through reflection so that a broken class path is reported too. */
    private static String preflight() {
        try {
            return (String) Class.forName("dev.lightbulb.backend.cuda.CudaBackend").getMethod("preflight").invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            Throwable t = e instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e;
            return "cannot ask the CUDA backend: " + causes(t);
        }
    }

    /** "Type: message <- Type: message ..." down the cause chain. */
    static String causes(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (b.length() > 0) b.append("  <-  ");
            b.append(c.getClass().getName()).append(": ").append(c.getMessage());
        }
        return b.toString();
    }

    /** One line per finished test or failed/aborted container, so the device log shows progress and reasons. */
    static final class VerboseListener implements TestExecutionListener {
        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult r) {
            boolean report = id.isTest() || r.getStatus() != TestExecutionResult.Status.SUCCESSFUL;
            if (!report) return;
            String where = id.getUniqueId().replaceAll(".*class:([^\\]]*).*", "$1");
            System.out.println(r.getStatus() + "  " + (id.isTest() ? "" : "[class set-up] ") + id.getDisplayName() + "  " + where
                    + r.getThrowable().map(t -> "  -- " + causes(t)).orElse(""));
            if (!id.isTest()) r.getThrowable().ifPresent(t -> t.printStackTrace(System.out));
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            System.out.println("SKIPPED  " + id.getDisplayName() + "  -- " + reason);
        }
    }
}
