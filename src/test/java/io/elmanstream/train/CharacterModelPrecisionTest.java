package io.elmanstream.train;

import io.elmanstream.model.Activation;
import io.elmanstream.model.ElmanNet;
import io.elmanstream.model.Model;
import io.elmanstream.model.Precision;
import io.elmanstream.model.Prediction;
import io.elmanstream.model.Predictor;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A trained character model served with a half-precision state predicts held-out text as well as
 * in double: the rounding it carries from step to step costs no measurable bits per character.
 */
class CharacterModelPrecisionTest {

    private static double heldOutBitsPerChar(Model trained, Precision precision, int[] held) {
        ElmanNet net = new ElmanNet(trained.net().shape().withPrecision(precision), trained.net().params());
        Model m = new Model(trained.name(), trained.version(), trained.task(), trained.objective(), trained.vocabulary(), net, null);
        return new Predictor(m).run(held).stream().mapToDouble(Prediction::surprisal).filter(s -> !Double.isNaN(s)).average().orElseThrow();
    }

    @Test
    void aHalfPrecisionStateCostsNoMeasurableBitsPerCharacter() throws Exception {
        String text = Files.readString(Path.of("src/test/resources/text/shakespeare-50k.txt"));
        TrainingSetup setup = TrainingSetup.text("shakespeare", text, 48, Activation.TANH, "test", 3, 0.003, 1);
        Trainer.Result r = setup.run(1, null, Progress.NONE);
        TextTask task = (TextTask) setup.task();
        Model trained = new Model("shakespeare", 1, "text", task.objective(), task.vocabulary(), r.net(), r.report());
        assertEquals(Precision.CHARACTER_MODELS, trained.net().shape().precision(), "what character models are served in");
        assertEquals(Precision.FLOAT32_HALF_STATE, Precision.CHARACTER_MODELS);

        int[] held = task.heldOutSymbols();
        double float64 = heldOutBitsPerChar(trained, Precision.FLOAT64, held);
        double float32 = heldOutBitsPerChar(trained, Precision.FLOAT32, held);
        double half = heldOutBitsPerChar(trained, Precision.FLOAT32_HALF_STATE, held);
        assertTrue(float64 < 0.8 * Math.log(task.vocabulary().size()) / Math.log(2), "the net learnt something: " + float64 + " bits/char");
        assertEquals(float64, float32, 1e-4 * float64, "float32: " + float32 + " vs float64 " + float64);
        assertEquals(float64, half, 1e-4 * float64, "half state: " + half + " vs float64 " + float64);
    }
}
