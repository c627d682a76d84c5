package io.elmanstream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The package graph, pinned: the maths (model, train) never imports Kafka or the I/O packages, and no two packages depend on each other. */
class PackageGraphTest {
    private static final JavaClasses MAIN = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.elmanstream");

    @Test
    void theMathsImportsNoKafkaAndNoIo() {
        noClasses().that().resideInAnyPackage("io.elmanstream.model..", "io.elmanstream.train..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "io.elmanstream.stream..", "io.elmanstream.kafka..",
                        "io.elmanstream.batch..", "io.elmanstream.cli..", "io.elmanstream.http..", "io.elmanstream.config..", "io.elmanstream.bench..")
                .check(MAIN);
    }

    @Test
    void packagesDependOneWay() {
        slices().matching("io.elmanstream.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void onlyTheCommandLineDependsOnTheCommandLine() {
        noClasses().that().resideOutsideOfPackage("io.elmanstream.cli..").should().dependOnClassesThat().resideInAnyPackage("io.elmanstream.cli..")
                .check(MAIN);
    }
}
