import dev.nnc.runtime.CompiledModel;
import dev.nnc.runtime.app.Models;
import java.nio.file.Path;
import java.util.Locale;

/**
 * An application that trains a model compiled ahead of time, with only nnc's runtime on its
 * class path (not the compiler):
 *
 * <pre>
 *   ./nnc compile samples/xor.nn -o xor.jar
 *   javac -cp runtime/target/classes -d app samples/app/src/TrainXor.java
 *   java -cp runtime/target/classes:app TrainXor xor.jar
 * </pre>
 *
 * The model's inputs start as the default values its .nn file gives them, XOR's four points,
 * so one train step is one epoch over all of them.
 */
public final class TrainXor {

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java -cp RUNTIME:. TrainXor MODEL.jar");
            System.exit(2);
        }
        CompiledModel model = Models.load(Path.of(args[0]));
        int epochs = model.spec().train().epochs();

        double before = model.evaluate();
        for (int epoch = 0; epoch < epochs; epoch++) {
            model.trainStep();
        }
        double after = model.evaluate();
        System.out.printf(Locale.ROOT, "trained %s for %d epochs: loss %.4f -> %.4f%n", model.name(), epochs, before, after);

        model.predict();
        double[] x = model.input("x").toDoubles();
        double[] p = model.output("p").toDoubles();
        for (int i = 0; i < p.length; i++) {
            int a = (int) x[2 * i];
            int b = (int) x[2 * i + 1];
            System.out.printf(Locale.ROOT, "%d xor %d -> %d  (p = %.4f)%n", a, b, p[i] > 0.5 ? 1 : 0, p[i]);
        }
    }
}
