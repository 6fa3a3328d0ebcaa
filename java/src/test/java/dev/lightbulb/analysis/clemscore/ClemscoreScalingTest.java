package dev.lightbulb.analysis.clemscore;

import dev.lightbulb.LightbulbException;
import dev.lightbulb.analysis.scaling.CapabilityFit;
import dev.lightbulb.analysis.scaling.LinkForm;
import dev.lightbulb.analysis.scaling.Loss;
import dev.lightbulb.analysis.table.LinearFit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/** The clemscore fits on the bundled tables, checked against slow direct refits. */
class ClemscoreScalingTest {
    static ClemscoreScaling.Result result;

    @BeforeAll
    static void fit() {
        result = ClemscoreScaling.run(BundledTablesTest.bundled(), ClemscoreScalingOptions.DEFAULT.withBootstrap(30));
    }

    static ClemscoreScaling.TargetResult target(ClemTarget t) {
        return result.targets().stream().filter(r -> r.target() == t).findFirst().orElseThrow();
    }

    @Test
    void heldOutModelsAreTheTopTenPercentByScore() {
        for (ClemscoreScaling.TargetResult t : result.targets()) {
            int n = t.models().size();
            List<Integer> top = IntStream.range(0, n).boxed().sorted(Comparator.comparingDouble(i -> -t.y()[i])).limit(n / 10).sorted().toList();
            for (FitEvaluation f : List.of(t.pc(), t.fits().get(ClemscoreScaling.MEAN))) {
                assertEquals(top, Arrays.stream(f.testModels()).boxed().sorted().toList(), t.target() + " " + f.name());
            }
            // the split fit behind weights and bootstrap holds out the same models and predicts them the same way
            for (int j = 0; j < t.pc().testModels().length; j++) {
                int i = t.pc().testModels()[j];
                assertFalse(t.split().train()[i]);
                assertEquals(t.split().yHat()[i], t.pc().testPredictions()[j], 1e-9); // the imputer iterates test rows jointly there
            }
        }
    }

    @Test
    void leaveOneOutPredictionsAreRefitsWithoutTheModel() {
        ClemscoreScaling.TargetResult t = target(ClemTarget.CLEMSCORE);
        int n = t.models().size();
        for (int i : new int[]{0, n / 2, n - 1}) {
            int skip = i;
            int[] rest = IntStream.range(0, n).filter(j -> j != skip).toArray();
            double[][] metrics = Arrays.stream(rest).mapToObj(j -> t.models().get(j).row().metrics()).toArray(double[][]::new);
            double[] y = Arrays.stream(rest).mapToDouble(j -> t.y()[j]).toArray();
            CapabilityFit direct = CapabilityFit.fit(metrics, y, BenchmarkRows.METRICS, 3, LinkForm.SIGMOID_PARAMETRIC, Loss.LEAST_SQUARES);
            assertEquals(direct.predict(new double[][]{t.models().get(i).row().metrics()})[0], t.pc().loo()[i], 1e-12);
        }
        // the first paper's line, refitted by hand for one of the same models
        FitEvaluation line = t.fits().get(ClemscoreScaling.LOG_PARAMS_SAME);
        int[] same = line.models();
        double[] x = new double[same.length - 1], y = new double[same.length - 1];
        for (int j = 1; j < same.length; j++) {
            x[j - 1] = Math.log10(t.models().get(same[j]).row().parametersB());
            y[j - 1] = t.y()[same[j]];
        }
        assertEquals(LinearFit.of(x, y).predict(Math.log10(t.models().get(same[0]).row().parametersB())), line.loo()[0], 1e-12);
    }

    @Test
    void theComparisonFitsShareTheirModels() {
        for (ClemscoreScaling.TargetResult t : result.targets()) {
            int[] same = t.fits().get(ClemscoreScaling.PC_SAME).models();
            for (String key : List.of(ClemscoreScaling.FLOPS_SAME, ClemscoreScaling.LOG_PARAMS_SAME, ClemscoreScaling.MEAN_SAME)) {
                assertArrayEquals(same, t.fits().get(key).models(), key);
            }
            for (int i : same) assertTrue(t.models().get(i).row().flops() > 0 && t.models().get(i).row().parametersB() > 0);
            assertEquals(t.models().size(), t.pc().n());
        }
    }

    /**
     * The finding the README states (bundled tables, defaults): on clemscore the capability fit has skill (it
     * beats the mean by far), but on the models whose compute is known, FLOPs alone predict clemscore at least as well.
     */
    @Test
    void theReadmeNumbers() {
        ClemscoreScaling.TargetResult c = target(ClemTarget.CLEMSCORE);
        assertEquals(48, c.pc().n());
        assertEquals(5.73, c.pc().looMaePoints(), 0.01);
        assertEquals(11.17, c.pc().testMaePoints(), 0.01);
        assertEquals(10.61, c.fits().get(ClemscoreScaling.MEAN).looMaePoints(), 0.01);
        assertEquals(33, c.fits().get(ClemscoreScaling.PC_SAME).n());
        assertEquals(6.24, c.fits().get(ClemscoreScaling.PC_SAME).looMaePoints(), 0.01);
        assertEquals(4.49, c.fits().get(ClemscoreScaling.FLOPS_SAME).looMaePoints(), 0.01);
        assertEquals(6.33, c.fits().get(ClemscoreScaling.LOG_PARAMS_SAME).looMaePoints(), 0.01);
        for (FitEvaluation f : c.fits().values()) assertFalse(f.degenerate(), f.name() + " " + f.problems());
        assertEquals(List.of("Meta-Llama-3-70B-Instruct-hf", "claude-v1.3", "gpt-4-0314", "gpt-4-0613"),
                Arrays.stream(c.pc().testModels()).mapToObj(i -> c.models().get(i).name()).sorted().toList());
        for (int j = 0; j < c.pc().testModels().length; j++) {
            assertTrue(c.pc().testPredictions()[j] < c.y()[c.pc().testModels()[j]], "the held-out top is underestimated");
        }
        c.pc().weights().values().forEach(w -> assertTrue(w > 0.6 && w < 1.25, "weights alike: " + c.pc().weights()));
        assertEquals(0.79, c.split().explainedVarianceRatio()[0], 0.005);
        ClemscoreScaling.TargetResult played = target(ClemTarget.PLAYED), quality = target(ClemTarget.QUALITY);
        assertEquals(14.62, played.pc().looMaePoints(), 0.01);
        assertEquals(10.22, quality.pc().looMaePoints(), 0.01);
        assertEquals(13.33, played.fits().get(ClemscoreScaling.FLOPS_SAME).looMaePoints(), 0.01);
        assertEquals(10.69, quality.fits().get(ClemscoreScaling.FLOPS_SAME).looMaePoints(), 0.01);
        assertEquals(15.07, played.fits().get(ClemscoreScaling.PC_SAME).looMaePoints(), 0.01);
        assertEquals(12.18, quality.fits().get(ClemscoreScaling.PC_SAME).looMaePoints(), 0.01);
    }

    @Test
    void tooFewModelsForThePcsIsOneClearError() {
        ClemscoreData all = BundledTablesTest.bundled();
        ClemscoreData few = new ClemscoreData(all.models().subList(0, 6), all.excluded(), all.unmapped());
        LightbulbException e = assertThrows(LightbulbException.class, () -> ClemscoreScaling.run(few, ClemscoreScalingOptions.DEFAULT));
        assertEquals("too few joined models for 3 principal components: 6 models have a clemscore and a benchmark row, "
                + "leave-one-out and the held-out split need at least 7 (map more models, add results tables or lower --pcs)", e.getMessage());
        assertEquals(7, ClemscoreScaling.neededModels(3, 0.1));
        assertEquals(11, ClemscoreScaling.neededModels(3, 0.5), "11 - int(5.5) = 6 = K + 3");
    }

    @Test
    void aFlatTargetIsFlaggedNotNaN() {
        ClemscoreData all = BundledTablesTest.bundled();
        // the twelve models that scored (almost) nothing: quality 0 for most of them
        List<ClemscoreData.Joined> zeros = all.models().stream().filter(m -> m.result().clemscore() < 0.5).toList();
        ClemscoreData flat = new ClemscoreData(zeros, List.of(), List.of());
        ClemscoreScaling.TargetResult t = ClemscoreScaling.fit(flat, ClemTarget.CLEMSCORE, ClemscoreScalingOptions.DEFAULT.withBootstrap(0));
        FitEvaluation pc = t.pc();
        assertTrue(pc.degenerate(), "flat: " + pc.problems());
        assertTrue(Double.isFinite(pc.looMaePoints()) || pc.looFailed() == pc.n());
    }
}
