package io.elmanstream.cli;

import io.elmanstream.model.ModelCodec;
import io.elmanstream.model.TextSampler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.Callable;

/** {@code generate}: samples text from a next-symbol model. */
@Command(name = "generate", mixinStandardHelpOptions = true, description = {"Sample text from a character model.",
        "Expect text in the style of the training data, not sense: a 100-unit net trained on tiny-Shakespeare writes word-like "
                + "strings, names and line breaks in the play's layout. --temperature 0.5 to 0.8 gives the most readable text, 1.0 the "
                + "model's own distribution, above 1 more noise; --prime sets the start (e.g. \"ROMEO:\"), --seed makes it repeatable."})
public final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "model file (JSON) of a next-symbol model")
    Path modelFile;

    @Option(names = "--prime", defaultValue = "", description = "text to start from (default: a random symbol)")
    String prime;

    @Range(min = 1)
    @Option(names = "--length", defaultValue = "200", description = "symbols to generate (default: ${DEFAULT-VALUE})")
    int length;

    @Range(min = 0, aboveMin = true)
    @Option(names = "--temperature", defaultValue = "0.8", description = "below 1 sharper, above 1 wilder (default: ${DEFAULT-VALUE})")
    double temperature;

    @Range(min = 0)
    @Option(names = "--top-k", paramLabel = "K", defaultValue = "0",
            description = "draw each symbol from the K most likely only (default: ${DEFAULT-VALUE} = all); 5 to 10 cuts the garbling tail")
    int topK;

    @Option(names = "--seed", defaultValue = "1", description = "sampling seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        TextSampler sampler = new TextSampler(ModelCodec.read(modelFile));
        System.out.println(sampler.sample(prime, length, temperature, topK, new Random(seed)));
        return 0;
    }
}
