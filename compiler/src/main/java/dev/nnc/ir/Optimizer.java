package dev.nnc.ir;

/** The update rule of the train block, with PyTorch's defaults and meanings. */
public sealed interface Optimizer {

    double lr();

    String describe();

    record Sgd(double lr, double momentum, boolean nesterov, double weightDecay) implements Optimizer {
        public String describe() {
            return "sgd(lr = " + lr + ", momentum = " + momentum + ", nesterov = " + nesterov
                    + ", weight_decay = " + weightDecay + ")";
        }
    }

    record Adam(double lr, double beta1, double beta2, double eps) implements Optimizer {
        public String describe() {
            return "adam(lr = " + lr + ", beta1 = " + beta1 + ", beta2 = " + beta2 + ", eps = " + eps + ")";
        }
    }

    /** Adam with decoupled weight decay (Loshchilov and Hutter). */
    record AdamW(double lr, double beta1, double beta2, double eps, double weightDecay) implements Optimizer {
        public String describe() {
            return "adamw(lr = " + lr + ", beta1 = " + beta1 + ", beta2 = " + beta2 + ", eps = " + eps
                    + ", weight_decay = " + weightDecay + ")";
        }
    }
}
