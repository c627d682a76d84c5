package io.elmanstream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.elmanstream.model.Model;
import io.elmanstream.model.ModelCodec;
import io.elmanstream.model.Objective;
import io.elmanstream.model.Prediction;
import io.elmanstream.model.Predictor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.Objects;

/** {@code predict}: per-step predictions of a model file over an input, offline. */
@Command(name = "predict", mixinStandardHelpOptions = true, description = "Run a model over an input and print each step's prediction.")
public final class PredictCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "model file (JSON)")
    Path modelFile;

    @Option(names = "--input", required = true, description = "bits like \"1 0 0 1 1 0\" for bit models, plain text for character models")
    String input;

    @Option(names = "--targets", paramLabel = "LABELS", description = "the true label of each step (label models, e.g. \"0 1 1 0\"): gives each step's surprisal")
    String targets;

    @Option(names = "--json", description = "print a JSON array (per step: step, input, predicted, probabilities, surprisal)")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Model model = ModelCodec.read(modelFile);
        int[] symbols = model.encode(input);
        if (symbols.length == 0) throw new IllegalArgumentException("--input is empty");
        int[] labels = null;
        if (targets != null) {
            if (model.objective() != Objective.LABEL) throw new IllegalArgumentException("--targets is for label models; " + model.name() + " predicts the next symbol");
            labels = model.encode(targets);
            if (labels.length != symbols.length) {
                throw new IllegalArgumentException("--targets has " + labels.length + " labels for " + symbols.length + " input symbols");
            }
        }
        List<Prediction> predictions = new Predictor(model).run(symbols, labels);
        if (json) {
            System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(predictions));
            return 0;
        }
        System.out.printf("model %s v%d (%s, %s)%n", model.name(), model.version(), model.task(), model.objective().jsonName());
        for (Prediction p : predictions) {
            System.out.printf("step %3d  input %-3s predicted %-3s %s%s%n", p.step(), show(p.symbol()), show(p.predicted()),
                    p.probabilities().entrySet().stream().map(e -> show(e.getKey()) + "=" + String.format("%.3f", e.getValue()))
                            .collect(Collectors.joining(" ")), PredictionLine.surprisal(p.surprisalBits()));
        }
        String sep = model.spacedSymbols() ? " " : "";
        System.out.println("predicted: " + predictions.stream().map(Prediction::predicted).collect(Collectors.joining(sep)));
        var bits = predictions.stream().map(Prediction::surprisalBits).filter(Objects::nonNull).mapToDouble(Double::doubleValue).summaryStatistics();
        if (bits.getCount() > 0) System.out.printf("mean surprisal: %.3f bits over %d steps%n", bits.getAverage(), bits.getCount());
        return 0;
    }

    static String show(String symbol) {
        return switch (symbol) {
            case " " -> "' '";
            case "\n" -> "\\n";
            case "\t" -> "\\t";
            default -> symbol;
        };
    }
}
