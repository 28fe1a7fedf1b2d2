package org.ordersweep.analysis;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ordersweep.SparkTestBase;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The committed fully connected block, average pooling and residual unit experiments on full Fashion-MNIST
 * (docs/experiments/fc-block, docs/experiments/avgpool, docs/experiments/residual) are the evidence of their sections in docs/experiments.md: analysed again from their
 * trials, each gives the summary committed beside it and the page's verdicts with their numbers.
 */
class StagesExperimentsTest extends SparkTestBase {

    private static final Path PAGE = Path.of("docs", "experiments.md");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "fc-block; conf/experiment-fc-block.conf; ## The fully connected block: full Fashion-MNIST; 10",
            "avgpool; conf/experiment-avgpool.conf; ## Max against average pooling: full Fashion-MNIST; 9",
            "residual; conf/experiment-residual.conf; ## Residual units: full Fashion-MNIST; 11"})
    void theCommittedSummaryAndThePageAreWhatAnalyzeGivesAgain(String folder, String conf, String section,
                                                               int claim) throws IOException {
        Path committed = Path.of("docs", "experiments", folder);
        TreeMap<Integer, List<String>> analysed = ExperimentTables.analysed(spark, committed, conf);
        assertEquals(ExperimentTables.findings(spark, committed), analysed);
        ExperimentTables.assertTableIsTheAnalysis(PAGE, section, analysed, List.of(claim));
    }
}
