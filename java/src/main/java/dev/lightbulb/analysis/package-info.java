/**
 * Analyses of result tables; no models, no GPU.
 * <ul>
 *   <li>{@code table}: CSV reading with errors naming file, line and column; NaN rules; linear fit; CSV output.</li>
 *   <li>{@code plot}: XChart charts in one style, written as PNG and SVG or inlined in HTML.</li>
 *   <li>{@code scaling}: observational scaling laws (arXiv 2405.10938) — {@code lightbulb analyze scaling}.</li>
 *   <li>{@code characteristics}: clemscore against size, quantisation, backend and sampling (arXiv 2406.14051) —
 *       {@code lightbulb analyze characteristics}.</li>
 *   <li>{@code emergence}: emergence laws (arXiv 2411.16035), on its own branch.</li>
 *   <li>{@code clemscore}: clemscore predicted from standard benchmarks by an observational scaling law, against
 *       FLOPs-only and log-parameters fits — {@code lightbulb analyze clemscore-scaling}.</li>
 * </ul>
 */
package dev.lightbulb.analysis;
