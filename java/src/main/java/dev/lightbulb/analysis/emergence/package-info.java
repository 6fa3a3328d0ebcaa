/**
 * Emergence laws: predicting, from checkpoints whose few-shot accuracy is still at chance, the pretraining loss
 * at which few-shot accuracy will leave chance (Snell, Wallace, Klein, Levine, "Predicting Emergent Capabilities
 * by Finetuning", arXiv 2411.16035v1, §5).
 *
 * <h2>What each formula rests on</h2>
 * <ul>
 * <li><b>Verified from the paper</b> (arXiv 2411.16035v1: Table 1, captions of Fig. 4, 6, 7, Tables 2, 3,
 *     as quoted in the project's method notes on scaling and emergence laws, METHOD.md §2.1 "Emergence laws",
 *     kept with the ObsScaling reference data, and in a public review page of the paper): the symbols D (finetuning data amount),
 *     L(M) (pretraining loss), Perf, the "ReLU parameters" A, B, E (E = the elbow = emergence point), the emergence
 *     law E_θ(D) with parameters k, α, C, the low-data extrapolation limit D₀, the optional Δ that "shifts the ReLU
 *     base" for few-shot rows; the prediction is E_θ(D₀); the forms compared are "Log Power Law" (kept) and "Power
 *     Law"; uncertainty is reported as 5th–95th percentiles from MCMC posterior sampling and, alternatively,
 *     bootstrapping (Table 3); D₀ anywhere below ~10× the number of few-shot examples barely matters (Fig. 6).</li>
 * <li><b>Reconstructed, UNVERIFIED</b> (§5's equations could not be read with the tools available here):
 *     <ul>
 *     <li>Perf = B + A·max(0, E_θ(D) − L) for finetuned rows; B + Δ + A·max(0, E_θ(D₀) − L) for few-shot rows,
 *         with A and B shared by all data amounts ({@link dev.lightbulb.analysis.emergence.EmergenceParameters}).
 *         The paper may use a smoothed ReLU (softplus) or per-amount slopes.</li>
 *     <li>E_θ(D) = C + k·(ln D)^α ("log power law") and E_θ(D) = C + k·D^α ("power law"),
 *         ({@link dev.lightbulb.analysis.emergence.EmergenceLawForm}); α is bounded to be positive.</li>
 *     <li>Noise: iid Gaussian on accuracy with one unknown σ, so the MLE is least squares (our choice; the paper
 *         says "MLE" without stating the likelihood). Binomial noise per item count would be the next refinement.</li>
 *     <li>MCMC: random-walk Metropolis with flat priors (A ≥ 0, law parameters in the search box, flat in ln σ);
 *         the paper's sampler and priors are not stated ({@link dev.lightbulb.analysis.emergence.EmergenceMcmc}).</li>
 *     <li>Bootstrap: resampling whole checkpoints with all their rows
 *         ({@link dev.lightbulb.analysis.emergence.EmergenceBootstrap}).</li>
 *     </ul></li>
 * </ul>
 *
 * <h2>Input and output</h2>
 * Input: CSV with {@code model, loss, data_amount, accuracy}; {@code data_amount = 0} marks few-shot rows.
 * A {@code capability} column (higher = stronger) may replace {@code loss}; results are then in its units.
 * Output ({@code lightbulb analyze emergence}): fit.json with both forms' parameters,
 * log-likelihood and AIC (and which AIC prefers), E(D₀) with MCMC and bootstrap 5–95 % intervals, each amount's
 * free elbow beside the law's, E(D₀) refitted at other D₀; PNG+SVG plots of accuracy against loss per data amount
 * with the fitted ReLUs and the extrapolated few-shot curve, and of the law E(D) itself.
 * Usage: {@code lightbulb analyze emergence --data runs.csv [--form log-power|power] [--d0 5] [--out DIR]}.
 *
 * <h2>Calibration measured on synthetic data</h2>
 * MCMC 5–95 % intervals covered the true E(D₀) in 93 of 100 tables (16 checkpoints × 5 amounts, noise 0.01;
 * {@code EmergenceIntervalCoverageTest}). The checkpoint bootstrap is narrower and under-covers with few
 * checkpoints: 27–28 of 40 tables (≈70 %) at 16 checkpoints, 32 of 40 (80 %) at 32. Its width matches the
 * MCMC interval's but it is centred off the truth (resamples inherit and double the MLE's small extrapolation
 * bias). The basic (reflected) bootstrap interval, also in fit.json, corrects that shift: 34 of 40 (85 %).
 * Prefer the MCMC interval, which fit.json reports as the headline interval.
 */
package dev.lightbulb.analysis.emergence;
