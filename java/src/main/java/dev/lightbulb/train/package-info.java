/**
 * Finetuning steps over a model's weights: full finetuning and LoRA adapters over frozen (possibly quantised) base
 * weights, the training forward that keeps what the backward needs, the whole-model backward, and AdamW.
 * All arithmetic goes through the backend's {@link dev.lightbulb.backend.TrainingOps}.
 *
 * <p>Layer: below {@code games} and {@code cli}, above {@code model}, {@code text} and {@code backend}; it never
 * imports {@code games}.
 * <ul>
 *   <li>{@link dev.lightbulb.train.TrainingBatch}: documents packed into one row batch, with a loss mask.</li>
 *   <li>{@link dev.lightbulb.train.TrainableModel}: forward, loss and backward of a Llama-family model.</li>
 *   <li>{@link dev.lightbulb.train.LoraConfig}, {@link dev.lightbulb.train.LoraTarget}: which projections carry
 *       adapters, with what rank and scale.</li>
 *   <li>{@link dev.lightbulb.train.Parameter}, {@link dev.lightbulb.train.AdamW}: trainable tensors and the
 *       optimiser (with global-norm clipping).</li>
 * </ul>
 */
package dev.lightbulb.train;
