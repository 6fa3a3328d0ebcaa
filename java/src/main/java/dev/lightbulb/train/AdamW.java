package dev.lightbulb.train;

import dev.lightbulb.backend.AdamWParams;
import dev.lightbulb.backend.Backend;
import dev.lightbulb.backend.BackendBuffer;
import dev.lightbulb.backend.TrainingOps;
import dev.lightbulb.tensor.GgmlType;

import java.util.ArrayList;
import java.util.List;

/**
 * AdamW over a model's parameters, with global-norm gradient clipping first (PyTorch's {@code clip_grad_norm_} then
 * {@code AdamW.step}). Weight decay applies to the parameters that {@link Parameter#decays()}. Owns the moments.
 */
public final class AdamW implements AutoCloseable {
    private final TrainingOps ops;
    private final List<Parameter> parameters;
    private final List<BackendBuffer> firstMoments = new ArrayList<>(), secondMoments = new ArrayList<>();
    private final float beta1, beta2, eps, weightDecay;
    private final double maxGradNorm;
    private int step;

    /** {@code maxGradNorm} ≤ 0: no clipping. */
    public AdamW(Backend backend, List<Parameter> parameters, float beta1, float beta2, float eps, float weightDecay, double maxGradNorm) {
        this.ops = backend.trainingOps();
        this.parameters = List.copyOf(parameters);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.maxGradNorm = maxGradNorm;
        new AdamWParams(0, beta1, beta2, eps, weightDecay);   // checks the ranges now, not at the first step
        for (Parameter p : this.parameters) {
            firstMoments.add(backend.allocate(GgmlType.F32, p.shape()));
            secondMoments.add(backend.allocate(GgmlType.F32, p.shape()));
        }
    }

    /** Steps taken so far. */
    public int steps() { return step; }

    /** Parameter {@code i}'s first moment (parameters in the order given): what a checkpoint keeps and restores. */
    public BackendBuffer firstMoment(int i) { return firstMoments.get(i); }

    /** Parameter {@code i}'s second moment. */
    public BackendBuffer secondMoment(int i) { return secondMoments.get(i); }

    /** Sets the step count after a checkpoint's moments were restored (bias correction depends on it). */
    public void restoreSteps(int steps) {
        if (steps < 0) throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        step = steps;
    }

    /**
     * Clips the gradients, takes one step at learning rate {@code lr} and zeroes the gradients. Returns the global
     * gradient norm before clipping.
     */
    public double step(float lr) {
        List<BackendBuffer> grads = parameters.stream().map(Parameter::grad).toList();
        List<Long> sizes = parameters.stream().map(Parameter::size).toList();
        double norm = maxGradNorm > 0 ? ops.clipGlobalNorm(grads, sizes, maxGradNorm) : Math.sqrt(squares(grads, sizes));
        step++;
        AdamWParams decayed = new AdamWParams(lr, beta1, beta2, eps, weightDecay), plain = new AdamWParams(lr, beta1, beta2, eps, 0f);
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            ops.adamw(p.value(), p.grad(), firstMoments.get(i), secondMoments.get(i), p.size(), p.decays() ? decayed : plain, step);
            ops.fill(p.grad(), 0f, p.size());
        }
        return norm;
    }

    private double squares(List<BackendBuffer> grads, List<Long> sizes) {
        double s = 0;
        for (int i = 0; i < grads.size(); i++) s += ops.sumOfSquares(grads.get(i), sizes.get(i));
        return s;
    }

    @Override
    public void close() {
        firstMoments.forEach(BackendBuffer::close);
        secondMoments.forEach(BackendBuffer::close);
    }
}
