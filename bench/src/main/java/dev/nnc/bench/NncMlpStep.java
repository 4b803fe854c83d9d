package dev.nnc.bench;

import dev.nnc.bench.baseline.MlpProblem;
import dev.nnc.bench.baseline.MlpStep;
import dev.nnc.runtime.CompiledModel;

/** nnc's generated trainer behind the baselines' interface, so the same tests check all of them. */
public final class NncMlpStep implements MlpStep {
    private final CompiledModel model;
    private final NncModels.Start start;

    public NncMlpStep(MlpProblem problem) {
        this.model = NncModels.mlp(problem);
        this.start = new NncModels.Start(model, problem);
    }

    public CompiledModel model() {
        return model;
    }

    @Override
    public float step() {
        return (float) model.trainStep();
    }

    @Override
    public void reset() {
        start.reset();
    }

    @Override
    public float[] weights(int l) {
        return model.param("W" + (l + 1)).toFloats();
    }

    @Override
    public float[] biases(int l) {
        return model.param("b" + (l + 1)).toFloats();
    }

    @Override
    public float[] weightGradient(int l) {
        return model.gradient("W" + (l + 1)).toFloats();
    }

    @Override
    public float[] biasGradient(int l) {
        return model.gradient("b" + (l + 1)).toFloats();
    }
}
