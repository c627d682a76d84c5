package io.elmanstream.cli;

import io.elmanstream.train.GradientCheck;
import io.elmanstream.train.GradientCheckCase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code gradcheck}: the exact gradient through time against central finite differences. */
@Command(name = "gradcheck", mixinStandardHelpOptions = true,
        description = "Compare the analytic gradient with central finite differences and print the max relative error.")
public final class GradcheckCommand implements Callable<Integer> {
    @Option(names = "--task", defaultValue = "all", description = "xor, hello, text or all (default: ${DEFAULT-VALUE})")
    String task;

    @Range(min = 0, aboveMin = true)
    @Option(names = "--tolerance", defaultValue = "1e-6", description = "fail above this max relative error (default: ${DEFAULT-VALUE})")
    double tolerance;

    @Override
    public Integer call() {
        List<GradientCheckCase> cases = task.equals("all") ? GradientCheckCase.all() : List.of(GradientCheckCase.named(task));
        boolean ok = true;
        for (GradientCheckCase c : cases) {
            GradientCheck.Result r = c.run();
            boolean pass = r.maxRelativeError() <= tolerance && r.maxAbsoluteError() <= GradientCheck.ZERO;
            ok &= pass;
            System.out.printf("%-6s %-42s params %4d (%d exactly 0)  max relative error %.3e  max abs error %.3e  %s%n",
                    c.name(), c.description(), r.parameters(), r.zeroComponents(), r.maxRelativeError(), r.maxAbsoluteError(), pass ? "ok" : "FAIL");
            GradientCheck.Result t = c.runTutorialGradient();
            System.out.printf("       %-42s the tutorial's one-step gradient on the same weights: max relative error %.3e%n", "", t.maxRelativeError());
        }
        System.out.println("the tutorial: " + Main.TUTORIAL);
        return ok ? 0 : 1;
    }
}
