package org.ordersweep;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packages form layers, each depending only on the ones below it: the data flow of docs/architecture.md, from
 * the domain's facts up to the command line and the bench beside it. A dependency that runs back up, or a cycle
 * between packages, fails here with the classes that make it.
 */
class ArchitectureTest {

    /**
     * Lowest first. {@code ""} is the root package, the programmatic API over everything but the command line.
     * results stores what training produced in rows of its own, knowing nothing of models or training: below both.
     */
    static final List<String> LAYERS = List.of(
            "domain", "stats", "config", "plan", "data", "results", "model", "train", "analysis", "", "cli", "bench");

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.ordersweep");
    }

    static String pkg(String layer) {
        return layer.isEmpty() ? "org.ordersweep" : "org.ordersweep." + layer + "..";
    }

    @Test
    void everyMainClassIsInALayer() {
        classes().that().resideInAPackage("org.ordersweep..")
                .should().resideInAnyPackage(LAYERS.stream().map(ArchitectureTest::pkg).toArray(String[]::new))
                .because("every package of main code has its place in ArchitectureTest.LAYERS")
                .check(main);
    }

    @Test
    void packagesDependOnlyOnLayersBelow() {
        List<String> violations = new ArrayList<>();
        for (int i = 0; i < LAYERS.size() - 1; i++) {
            String here = LAYERS.get(i);
            String[] above = LAYERS.subList(i + 1, LAYERS.size()).stream()
                    .map(ArchitectureTest::pkg).toArray(String[]::new);
            noClasses().that().resideInAPackage(pkg(here))
                    .should().dependOnClassesThat().resideInAnyPackage(above)
                    .allowEmptyShould(true)
                    .evaluate(main).getFailureReport().getDetails()
                    .forEach(detail -> violations.add(layerName(here) + ": " + detail));
        }
        assertTrue(violations.isEmpty(), violations.size() + " dependencies run up the layers " + LAYERS
                + " (lowest first):\n" + String.join("\n", violations));
    }

    private static String layerName(String layer) {
        return layer.isEmpty() ? "org.ordersweep" : layer;
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("org.ordersweep.(*)..").should().beFreeOfCycles().check(main);
    }
}
