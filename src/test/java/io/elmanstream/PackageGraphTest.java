package io.elmanstream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package graph, pinned: each package may use only the packages listed for it (arrows point
 * one way, downwards), the maths (model, train) never imports Kafka, and there is no cycle.
 */
class PackageGraphTest {
    private static final JavaClasses MAIN = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.elmanstream");

    /** What each package may depend on, bottom to top. */
    private static final Map<String, List<String>> ALLOWED = Map.ofEntries(
            Map.entry("model", List.of()),
            Map.entry("config", List.of()),
            Map.entry("train", List.of("model")),
            Map.entry("records", List.of("model")),
            Map.entry("state", List.of("model")),
            Map.entry("plot", List.of("model", "train")),
            Map.entry("kafka", List.of("config")),
            Map.entry("serving", List.of("model", "records", "config", "kafka")),
            Map.entry("retrain", List.of("model", "train", "records", "config", "kafka")),
            Map.entry("stream", List.of("model", "records", "state", "config", "kafka", "serving")),
            Map.entry("http", List.of("model", "records", "state", "config", "kafka", "serving", "stream")),
            Map.entry("bench", List.of("model", "train", "records", "state", "config", "kafka", "serving", "stream")),
            Map.entry("cli", List.of("model", "train", "records", "state", "plot", "config", "kafka", "serving", "retrain", "stream", "http", "bench")));

    static Stream<String> packages() {
        return ALLOWED.keySet().stream().sorted();
    }

    @ParameterizedTest
    @MethodSource("packages")
    void eachPackageUsesOnlyThePackagesBelowIt(String pkg) {
        String[] others = ALLOWED.keySet().stream().filter(p -> !p.equals(pkg) && !ALLOWED.get(pkg).contains(p))
                .map(p -> "io.elmanstream." + p + "..").toArray(String[]::new);
        noClasses().that().resideInAPackage("io.elmanstream." + pkg + "..").should().dependOnClassesThat().resideInAnyPackage(others)
                .check(MAIN);
    }

    @Test
    void everyPackageIsInTheTable() {
        slices().matching("io.elmanstream.(*)..").should().beFreeOfCycles().check(MAIN);
        MAIN.stream().map(c -> c.getPackageName().replace("io.elmanstream.", "").split("\\.")[0]).distinct()
                .forEach(p -> {
                    if (!ALLOWED.containsKey(p)) throw new AssertionError("package " + p + " is not in PackageGraphTest's table");
                });
    }

    @Test
    void theMathsImportsNoKafka() {
        noClasses().that().resideInAnyPackage("io.elmanstream.model..", "io.elmanstream.train..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..").check(MAIN);
    }
}
