package org.ordersweep.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ordersweep.domain.ActivationKind;
import org.ordersweep.domain.Element;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private File conf(String text) throws IOException {
        Path p = dir.resolve("test.conf");
        Files.writeString(p, text);
        return p.toFile();
    }

    private String error(String text, String... overrides) throws IOException {
        File f = conf(text);
        return assertThrows(ConfigError.class, () -> ConfigLoader.load(f, List.of(overrides))).getMessage()
                .replace(f.toString(), "FILE");
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        SweepConfig c = ConfigLoader.load(null, List.of());
        assertEquals(List.of(Element.CONV, Element.BN, Element.ACT, Element.POOL, Element.DROPOUT),
                c.sweep().blocks().get(0));
        assertEquals(List.of(ActivationKind.RELU), c.sweep().activations());
        assertEquals(2, c.model().swept().repeat());
        assertEquals(List.of(32, 64), c.model().swept().sizes());
        assertEquals(1, c.model().stages().size());
        assertEquals(Head.DENSE, c.model().head());
        assertEquals(128, c.model().headUnits());
        assertEquals(0.25, c.model().dropout());
        assertEquals(Layout.TWO_D, c.model().layout());
        assertTrue(c.data().embedded());
        assertEquals(2, c.train().epochs());
    }

    @Test
    void fileAndOverridesAreApplied() throws IOException {
        File f = conf("sweep { block = [conv, act], activations = [tanh, mish], seeds = 3 }\n"
                + "model.layout = 1d\ndata.train-limit = 100\n");
        SweepConfig c = ConfigLoader.load(f, List.of("sweep.seeds=5", "model.filters=[8,16]",
                "data.path=file:///tmp/x", "sweep.constraints=[conv first]"));
        assertEquals(List.of(Element.CONV, Element.ACT), c.sweep().blocks().get(0));
        assertEquals(List.of(ActivationKind.TANH, ActivationKind.MISH), c.sweep().activations());
        assertEquals(5, c.sweep().seeds());
        assertEquals(List.of(8, 16), c.model().swept().sizes());
        assertEquals("file:///tmp/x", c.data().path());
        assertEquals(100, c.data().trainLimit());
        assertTrue(c.model().oneDimensional());
        assertEquals(List.of("conv first"), c.sweep().constraints());
    }

    @Test
    void unknownKeysAreRejectedWithAHint() throws IOException {
        assertEquals("sweep.seed (FILE): unknown key; did you mean sweep.seeds? Keys are listed by 'ordersweep keys'.",
                error("sweep.seed = 3"));
        assertEquals("trian.epochs (--set): unknown key; did you mean train.epochs? Keys are listed by "
                + "'ordersweep keys'.", error("", "trian.epochs=3"));
    }

    @Test
    void badValuesNameKeyValueAndWhatIsAllowed() throws IOException {
        assertEquals("train.epochs = 0 (FILE): must be an integer >= 1", error("train.epochs = 0"));
        assertEquals("sweep.seeds = -2 (--set): must be an integer >= 1", error("", "sweep.seeds=-2"));
        assertEquals("model.dropout = 1 (FILE): must be a number in [0, 1)", error("model.dropout = 1"));
        assertEquals("train.epochs = \"two\" (FILE): must be an integer >= 1", error("train.epochs = two"));
        assertEquals("sweep.activations = [\"relu\",\"swishy\"] (FILE): must be a non-empty list, each item one of "
                + "identity, relu, leakyrelu, elu, tanh, sigmoid, softplus, mish, swish, gelu",
                error("sweep.activations = [relu, swishy]"));
        assertEquals("sweep.block = [] (FILE): must be a non-empty list, each item one of conv, dense, bn, act, pool, "
                        + "avgpool, dropout",
                error("sweep.block = []"));
        assertEquals("sweep.block = [conv,bn,conv] (FILE): each element may appear at most once",
                error("sweep.block = [conv, bn, conv]"));
        assertEquals("model.layout = \"3d\" (FILE): must be one of 2d, 1d", error("model.layout = 3d"));
        assertEquals("model.filters = [32,64] (default): needs one entry per block (model.blocks = 3)",
                error("model.blocks = 3"));
        assertEquals("sweep.constraints = [bn first] (FILE): constraint 'bn first' names bn, which is not in "
                + "sweep.block", error("sweep { block = [conv, act], constraints = [bn first] }"));
        assertEquals("data.path = \"\" (default): must name a UCR folder when data.format = ucr",
                error("data.format = ucr\nmodel.layout = 1d"));
    }

    @Test
    void malformedFilesAreReportedWithTheFileName() throws IOException {
        String msg = error("sweep { block = [conv, bn ");
        assertTrue(msg.startsWith("FILE: "), msg);
        assertFalse(msg.contains("\n"));
        File missing = dir.resolve("nope.conf").toFile();
        assertEquals(missing + ": configuration file not found",
                assertThrows(ConfigError.class, () -> ConfigLoader.load(missing, List.of())).getMessage());
    }

    @Test
    void secretsAreRedactedInTheRecordedConfiguration() throws IOException {
        File f = conf("spark.conf { \"spark.hadoop.fs.s3a.secret.key\" = \"AKIA-SECRET\", "
                + "\"spark.executor.memory\" = \"4g\" }");
        SweepConfig c = ConfigLoader.load(f, List.of());
        assertEquals("AKIA-SECRET", c.spark().conf().get("spark.hadoop.fs.s3a.secret.key"));
        assertFalse(c.render().contains("AKIA-SECRET"));
        assertTrue(c.render().contains("\"spark.hadoop.fs.s3a.secret.key\" = \"***\""));
        assertTrue(c.render().contains("\"spark.executor.memory\" = \"4g\""));
    }

    @Test
    void oneSparkPropertyCanBeSetOnTheCommandLineAndSecretsStayOutOfErrors() throws IOException {
        File f = conf("spark.conf { \"spark.executor.memory\" = \"4g\" }");
        SweepConfig c = ConfigLoader.load(f, List.of("spark.conf.\"spark.hadoop.fs.s3a.secret.key\"=S3-SECRET",
                "spark.conf.spark.executor.cores=2"));
        assertEquals(java.util.Map.of("spark.executor.memory", "4g", "spark.hadoop.fs.s3a.secret.key", "S3-SECRET",
                "spark.executor.cores", "2"), c.spark().conf());
        assertFalse(c.render().contains("S3-SECRET"));
        // A malformed value that carries a credential is named by its key, never repeated.
        ConfigError e = assertThrows(ConfigError.class, () -> ConfigLoader.load(null,
                List.of("spark.conf={\"fs.s3a.secret.key\"=S3-SECRET")));
        assertFalse(e.getMessage().contains("S3-SECRET"), e.getMessage());
        assertTrue(e.getMessage().startsWith("spark.conf = *** (--set): must be"), e.getMessage());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"spark.plugins", "spark.extraListeners",
            "spark.serializer", "spark.kryo.registrator", "spark.sql.extensions", "spark.executor.extraJavaOptions",
            "spark.driver.extraClassPath", "spark.jars", "spark.jars.packages", "spark.hadoop.fs.s3a.impl",
            "spark.hadoop.fs.s3a.aws.credentials.provider", "spark.executorEnv.LD_PRELOAD",
            "spark.sql.catalog.evil", "spark.hadoop.fs.AbstractFileSystem.x.impl"})
    void theConfigurationCannotNameCodeToLoad(String property) {
        ConfigError e = assertThrows(ConfigError.class, () -> ConfigLoader.load(null,
                List.of("spark.conf.\"" + property + "\"=org.example.Evil")));
        assertTrue(e.getMessage().startsWith("spark.conf.\"" + property + "\" (--set): names code to load"),
                e.getMessage());
    }

    @Test
    void ordinarySparkPropertiesAreAccepted() {
        Map<String, String> ok = Map.of("spark.executor.memory", "4g", "spark.executor.cores", "2",
                "spark.serializer.objectStreamReset", "100", "spark.hadoop.fs.s3a.endpoint", "http://s3:9000",
                "spark.executorEnv.OMP_NUM_THREADS", "1", "spark.sql.catalogImplementation", "in-memory");
        List<String> sets = ok.entrySet().stream().map(x -> "spark.conf.\"" + x.getKey() + "\"=" + x.getValue())
                .toList();
        assertEquals(ok, ConfigLoader.load(null, sets).spark().conf());
    }

    @Test
    void passwordsInUrisStayOutOfTheRecordedConfigurationAndErrors() {
        SweepConfig c = ConfigLoader.load(null, List.of("data.path=s3a://AKIA:URI-SECRET@bucket/fmnist",
                "output.dir=hdfs://user:URI-SECRET@namenode:8020/results"));
        assertEquals("s3a://AKIA:URI-SECRET@bucket/fmnist", c.data().path()); // what the reader uses
        assertFalse(c.render().contains("URI-SECRET"), c.render());
        assertTrue(c.render().contains("s3a://AKIA:***@bucket/fmnist"), c.render());
        assertEquals("data.path s3a://AKIA:***@bucket/x: missing", new org.ordersweep.data.DataError(
                "data.path s3a://AKIA:URI-SECRET@bucket/x", "missing").getMessage());
        assertEquals("file:///no/password@here", Secrets.maskUris("file:///no/password@here"));
    }

    @Test
    void shippedConfigurationsLoad() {
        for (String name : List.of("quickstart.conf", "fashion-mnist.conf", "forum-example-1d.conf", "avgpool.conf")) {
            SweepConfig c = ConfigLoader.load(new File("conf", name), List.of());
            assertFalse(c.sweep().blocks().get(0).isEmpty(), name);
        }
        // The pooling ablation: two blocks that differ only in their pooling.
        assertEquals(List.of(List.of(Element.CONV, Element.BN, Element.ACT, Element.POOL, Element.DROPOUT),
                        List.of(Element.CONV, Element.BN, Element.ACT, Element.AVGPOOL, Element.DROPOUT)),
                ConfigLoader.load(new File("conf", "avgpool.conf"), List.of()).sweep().blocks());
    }

    @Test
    void referenceTableListsEveryKey() {
        String md = ConfigKeys.markdown();
        for (ConfigKey k : ConfigKeys.ALL) {
            assertTrue(md.contains("| `" + k.name() + "` |"), k.name());
        }
    }
}
