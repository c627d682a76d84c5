package io.elmanstream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.elmanstream.config.ElmanSettings;
import io.elmanstream.model.Alert;
import io.elmanstream.model.AlertRule;
import io.elmanstream.model.AlertScan;
import io.elmanstream.model.AlertThreshold;
import io.elmanstream.model.Model;
import io.elmanstream.model.ModelCodec;
import io.elmanstream.model.Objective;
import io.elmanstream.model.Prediction;
import io.elmanstream.model.Predictor;
import io.elmanstream.records.AlertCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

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

    @Option(names = "--alerts", description = "print only the alerts the stream would raise for this input as one key (JSON lines, as on elman.alerts)")
    boolean alerts;

    @Range(min = 0)
    @Option(names = "--alert-threshold", paramLabel = "BITS", description = "with --alerts: this threshold instead of the model's own")
    Double alertThreshold;

    @Range(min = 1, max = AlertRule.MAX_WINDOW)
    @Option(names = "--alert-window", paramLabel = "N", defaultValue = "" + AlertThreshold.DEFAULT_WINDOW, description = "with --alerts: events per window (default: ${DEFAULT-VALUE})")
    int alertWindow;

    @Range(min = 0, max = 1)
    @Option(names = "--alert-hysteresis", paramLabel = "SHARE", defaultValue = "" + ElmanSettings.DEFAULT_ALERT_HYSTERESIS, description = "with --alerts: clear below the threshold less this share (default: ${DEFAULT-VALUE})")
    double alertHysteresis;

    @Option(names = "--key", defaultValue = "input", description = "with --alerts: the key the alert records name (default: ${DEFAULT-VALUE})")
    String key;

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
        if (alerts) return printAlerts(model, symbols, labels);
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

    private int printAlerts(Model model, int[] symbols, int[] labels) {
        AlertThreshold own = model.alertThreshold();
        if (alertThreshold == null && own == null) {
            throw new IllegalArgumentException("model " + model.name() + " has no alert threshold in its training report: give --alert-threshold BITS");
        }
        if (alertThreshold == null && own.window() != alertWindow) {
            throw new IllegalArgumentException("the model's threshold is over " + own.window() + " events: give --alert-window " + own.window());
        }
        double bits = alertThreshold != null ? alertThreshold : own.bits();
        AlertRule rule = new AlertRule(alertWindow, bits, bits * alertHysteresis);
        List<Alert> found = AlertScan.run(model, rule, symbols, labels);
        for (Alert a : found) System.out.println(new String(AlertCodec.toJson(key, model.name(), model.version(), a), StandardCharsets.UTF_8));
        System.err.printf("%d alert records over %d steps (threshold %.4f bits over %d events, clear below %.4f)%n", found.size(), symbols.length,
                rule.threshold(), rule.window(), rule.threshold() - rule.hysteresis());
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
