package dev.lightbulb.analysis.scaling;

import dev.lightbulb.SharedData;
import dev.lightbulb.analysis.table.Table;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The instruct-model setup of the paper's §4.2 (the reference's instruct_llm_agent_capability.ipynb) on the
 * shared instruct and agent tables. The shared agent table is the paper's training data: the cells of the
 * models the paper held out (GPT-4-0613 and Claude-2.0 on AgentBench, GPT-4-0314 on AgentBoard) are blank,
 * so rank_by_y_metric here holds out the top 10 % of the remaining models.
 */
class InstructAgentPaperDataTest {
    static Table instruct() { return Table.read(SharedData.path("scaling/obsscaling/instruct_llm_benchmark_eval.csv")); }

    static Table agents() { return Table.read(SharedData.path("scaling/obsscaling/instruct_llm_agent_eval_train.csv")); }

    /** AgentBench: y = overall score min-max scaled over [0, 10] (the notebook's y_metric_range). */
    static ScalingData agentBench() {
        return ScalingData.load(instruct(), agents(), "ABench-OA", ScalingData.INSTRUCT_METRICS, new TargetScale(0, 10));
    }

    /** AgentBoard: y = average success rate / 100. */
    static ScalingData agentBoard() {
        return ScalingData.load(instruct(), agents(), "ABoard-Avg_SR", ScalingData.INSTRUCT_METRICS, new TargetScale(0, 100));
    }

    static List<String> topByTarget(ScalingData d, int count) {
        return IntStream.range(0, d.size()).boxed().sorted(Comparator.comparingDouble(i -> -d.y()[i])).limit(count)
                .map(d.models()::get).toList();
    }

    static List<String> heldOut(ScalingResult r) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < r.train().length; i++) if (!r.train()[i]) out.add(r.data().models().get(i));
        return out;
    }

    @Test
    void agentBenchHoldsOutTheTopTenPercentAndPredictsThem() {
        ScalingData d = agentBench();
        assertEquals(20, d.size(), "22 models in the paper, less the two held-out ones blanked in the shared table");
        ScalingResult r = ObservationalScaling.fit(d, ScalingOptions.INSTRUCT);
        assertEquals(2, r.nTest(), "int(0.1 * 20)");
        assertEquals(topByTarget(d, 2), heldOut(r));
        assertEquals(List.of("claude-1.3", "gpt-3.5-turbo-0613"), heldOut(r).stream().sorted().toList());
        assertFalse(r.degenerate(), r.degenerateReasons().toString());
        // §4.2: the held-out (stronger) models are predicted from weaker ones: far better than the best constant
        double[] yTrain = ObservationalScaling.selectValues(d.y(), r.train(), true);
        double constant = dev.lightbulb.analysis.table.Numbers.mean(yTrain);
        double constantMse = dev.lightbulb.analysis.table.Numbers.meanSquaredError(
                new double[]{constant, constant}, ObservationalScaling.selectValues(d.y(), r.train(), false));
        assertTrue(r.mseTest() < constantMse / 5, r.mseTest() + " vs training mean " + constantMse);
        // Fig. 5c: on AgentBench the weights single out general knowledge (MMLU) and programming (HumanEval)
        assertEquals(List.of("HumanEval", "MMLU"), largestWeights(r, 2));
        computeBaselinesCannotBeScored(r);
    }

    /**
     * §4.2: "since compute scale measures are not available for proprietary models, only our observational scaling
     * laws apply here and not compute scaling laws" — the held-out models have no FLOPs or size, so the baselines
     * say they cannot be scored instead of reporting a number.
     */
    static void computeBaselinesCannotBeScored(ScalingResult r) {
        for (ComputeBaseline b : new ComputeBaseline[]{r.flopsBaseline(), r.sizeBaseline()}) {
            assertEquals(0, b.nTest(), b.measure());
            assertTrue(Double.isNaN(b.mseTest()), b.measure());
            assertTrue(b.problem().contains("cannot be scored"), b.problem());
        }
    }

    static List<String> largestWeights(ScalingResult r, int count) {
        return r.metricWeights().entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                .limit(count).map(java.util.Map.Entry::getKey).sorted().toList();
    }

    @Test
    void agentBoardHoldsOutTheTopTenPercent() {
        ScalingData d = agentBoard();
        assertEquals(10, d.size(), "11 models in the paper, less the held-out GPT-4-0314");
        ScalingResult r = ObservationalScaling.fit(d, ScalingOptions.INSTRUCT);
        assertEquals(1, r.nTest());
        assertEquals(List.of("claude-2.0"), heldOut(r));
        assertFalse(r.degenerate(), r.degenerateReasons().toString());
        // Fig. 5c: programming (HumanEval) carries the most weight on AgentBoard too, and reasoning (GSM8K) counts
        assertEquals(List.of("HumanEval"), largestWeights(r, 1));
        assertTrue(r.metricWeights().get("GSM8K") > 0, r.metricWeights().toString());
        computeBaselinesCannotBeScored(r);
    }

    @Test
    void bothLinkFormsAndBothLossesRun() {
        ScalingData d = agentBench();
        ScalingResult plain = ObservationalScaling.fit(d, ScalingOptions.INSTRUCT.withLink(LinkForm.SIGMOID, Loss.LEAST_SQUARES));
        assertEquals(0.0, plain.link().b(), "the plain sigmoid has no floor");
        ScalingResult robust = ObservationalScaling.fit(d, ScalingOptions.INSTRUCT.withLink(LinkForm.SIGMOID_PARAMETRIC,
                Loss.huber(Loss.DEFAULT_HUBER_DELTA)));
        assertTrue(robust.link().b() >= 0 && robust.link().b() <= SigmoidLinkFitter.B_MAX);
        // METHOD.md §1.4: delta = 1.0 on targets in [0, 1] is least squares
        ScalingResult ols = ObservationalScaling.fit(d, ScalingOptions.INSTRUCT);
        ScalingResult deltaOne = ObservationalScaling.fit(d, ScalingOptions.INSTRUCT.withLink(LinkForm.SIGMOID_PARAMETRIC, Loss.huber(1.0)));
        // (the same optimum, up to Levenberg-Marquardt's stopping tolerance: the reweighting step restarts it there)
        assertArrayEquals(ols.yHat(), deltaOne.yHat(), 1e-6);
        for (ScalingResult r : List.of(plain, robust, deltaOne)) {
            assertFalse(r.degenerate(), r.degenerateReasons().toString());
            assertEquals(heldOut(ols), heldOut(r), "the split depends on the target only");
        }
    }

    /** The bootstrap (lightbulb's addition) is reproducible for a seed and brackets the fit. */
    @Test
    void bootstrapIntervalsBracketTheFitAndRepeatForASeed() {
        ScalingData d = agentBench();
        ScalingOptions options = ScalingOptions.INSTRUCT.withBootstrap(60, 7);
        ScalingResult a = ObservationalScaling.fit(d, options), b = ObservationalScaling.fit(d, options);
        ModelBootstrap.Result boot = a.bootstrap();
        assertEquals(60, boot.resamples());
        assertTrue(boot.successful() >= ModelBootstrap.MIN_SUCCESSFUL, boot.failures().toString());
        int inside = 0;
        for (int i = 0; i < d.size(); i++) {
            ModelBootstrap.Interval iv = boot.predictions()[i];
            assertEquals(iv, b.bootstrap().predictions()[i], "same seed, same intervals");
            assertTrue(iv.defined() && iv.low() <= iv.high());
            if (iv.low() <= a.yHat()[i] && a.yHat()[i] <= iv.high()) inside++;
        }
        assertTrue(inside >= d.size() - 2, inside + " of " + d.size() + " fits inside their interval");
        a.metricWeights().forEach((m, w) -> assertTrue(boot.weights().get(m).defined(), m));
    }
}
