package org.ordersweep.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.ordersweep.data.IdxFixtures.gzip;
import static org.ordersweep.data.IdxFixtures.images;
import static org.ordersweep.data.IdxFixtures.labels;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad configuration and bad data, each refused by {@code run} before any Spark work: exit code 2, one line that names
 * the key or file and what is wrong, no stack trace, and an existing results folder left byte for byte as it was.
 */
class BadInputCorpusTest {

    /** One bad input: extra --set overrides, an optional configuration file's text, and what the line must say. */
    record Case(String name, String conf, List<String> sets, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    @TempDir
    static Path corpus;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldErr;

    @BeforeEach
    void capture() {
        oldErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setErr(oldErr);
    }

    static Case c(String name, String conf, String expected, String... sets) {
        return new Case(name, conf, List.of(sets), expected);
    }

    /** A Fashion-MNIST folder with one file replaced. */
    static String fashion(String name, String file, byte[] content) throws IOException {
        Path d = Files.createDirectories(corpus.resolve(name));
        Files.write(d.resolve("train-images-idx3-ubyte"), images(2051, 4, 28, 28, 4 * 784));
        Files.write(d.resolve("train-labels-idx1-ubyte"), labels(2049, 1, 2, 3, 4));
        Files.write(d.resolve("t10k-images-idx3-ubyte"), images(2051, 2, 28, 28, 2 * 784));
        Files.write(d.resolve("t10k-labels-idx1-ubyte"), labels(2049, 5, 6));
        if (file != null) {
            Files.write(d.resolve(file), content);
        }
        return d.toString();
    }

    /** A CIFAR-10 folder; data_batch_2.bin cut to {@code truncateTo} bytes (0 = whole), or with {@code label}. */
    static String cifar(String name, int truncateTo, int label) throws IOException {
        Path d = org.ordersweep.data.ImageFixtures.cifarFolder(corpus.resolve(name), 2, 1);
        byte[] second = org.ordersweep.data.ImageFixtures.cifarRecords(2);
        if (truncateTo > 0) {
            second = java.util.Arrays.copyOf(second, truncateTo);
        }
        if (label >= 0) {
            second[3073] = (byte) label;
        }
        Files.write(d.resolve("data_batch_2.bin"), second);
        return d.toString();
    }

    /** A "table" that is a text file. */
    static String notParquet() throws IOException {
        Path f = corpus.resolve("notparquet.txt");
        Files.writeString(f, "label,features\n1,2\n");
        return f.toString();
    }

    /** An image folder of {@code classes} classes; {@code broken}, when given, a non-image file in the last. */
    static String imageFolder(String name, int classes, String broken) throws IOException {
        Path d = org.ordersweep.data.ImageFixtures.imageFolder(corpus.resolve(name), classes, 2, 8, 8, "png", 0, 1);
        if (broken != null) {
            Files.writeString(d.resolve("class" + (classes - 1)).resolve(broken), "not an image");
        }
        return d.toString();
    }

    static String ucr(String name, String train, String test) throws IOException {
        Path d = Files.createDirectories(corpus.resolve(name));
        Files.writeString(d.resolve("Toy_TRAIN.tsv"), train);
        Files.writeString(d.resolve("Toy_TEST.tsv"), test);
        return d.toString();
    }

    static Stream<Case> corpus() throws IOException {
        byte[] gzImages = gzip(images(2051, 4, 28, 28, 4 * 784));
        byte[] corrupt = gzImages.clone();
        corrupt[corrupt.length / 2] ^= 0x5a;
        corrupt[corrupt.length / 2 + 1] ^= 0x5a;
        // A CSV file whose columns are label, a (numbers) and b (text).
        String csv = corpus.resolve("table.csv").toString();
        Files.writeString(Path.of(csv), "label,a,b\n0,0.5,dark\n1,0.25,light\n");
        List<Case> cases = new ArrayList<>(List.of(
                c("malformed HOCON", "sweep { block = [conv, bn ", "FILE: 1: List should have ended with ]"),
                c("unclosed string", "sweep.name = \"abc", "FILE: 1: "),
                c("unknown key", "sweep.seed = 3", "sweep.seed (FILE): unknown key; did you mean sweep.seeds?"),
                c("unknown key via --set", null, "trian.epochs (--set): unknown key", "trian.epochs=2"),
                c("unknown section", "modle.blocks = 2", "modle.blocks (FILE): unknown key"),
                c("wrong type: text for int", "train.epochs = two", "train.epochs = \"two\" (FILE): must be an integer"),
                c("wrong type: list for int", "sweep.seeds = [1, 2]", "sweep.seeds = [1,2] (FILE): must be an integer"),
                c("wrong type: number for list", "sweep.block = 5", "sweep.block = 5 (FILE): must be a non-empty list"),
                c("wrong type: boolean", null, "sweep.dedupe = yes (--set): must be true or false",
                        "sweep.dedupe=yes"),
                c("empty block", "sweep.block = []", "sweep.block = [] (FILE): must be a non-empty list"),
                c("duplicate block element", null, "sweep.block = [conv,bn,conv] (--set): each element may appear",
                        "sweep.block=[conv,bn,conv]"),
                c("unknown element", null, "sweep.block = [conv,relu] (--set): must be a non-empty list, each item "
                        + "one of conv, dense, bn, act, pool, avgpool, dropout", "sweep.block=[conv,relu]"),
                c("unknown activation", null, "sweep.activations = [relu,swishy] (--set): must be a non-empty list",
                        "sweep.activations=[relu,swishy]"),
                c("stage: unknown element", "model.stages = [{elements = [conv, relu], sizes = [4], swept = true}]",
                        "model.stages = [{\"elements\":[\"conv\",\"relu\"],\"sizes\":[4],\"swept\":true}] (FILE): "
                                + "stage 1: unknown block element 'relu'; allowed: conv, dense, bn, act, pool, avgpool, "
                                + "dropout"),
                c("stage: unknown field", "model.stages = [{elements = [conv], filters = [4], swept = true}]",
                        "(FILE): must be a list of stages, each an object with elements (a list) or, for a "
                                + "residual stage, placements (a list), and optionally swept, repeat, sizes, kernel, "
                                + "pool, dropout, shortcut"),
                c("residual: unknown placement", "model.stages = [{elements = [conv], sizes = [4]}, "
                        + "{placements = [original, preact], sizes = [4], swept = true}]", "(FILE): stage 2: unknown "
                        + "residual placement 'preact'; allowed: original, bn-after-add, relu-before-add, "
                        + "relu-only-preact, full-preact"),
                c("residual: shortcut that does not match", "model.stages = [{elements = [conv, bn, act], sizes = "
                        + "[4]}, {placements = [full-preact], shortcut = identity, repeat = 2, sizes = [4, 8], swept "
                        + "= true}]\nmodel.head = global-average", "no ordering fits the data's 28x28 input: the "
                        + "shortcut of stage 2, repeat 2 is identity, but the unit receives 4 channels and its "
                        + "convolutions give 8; give this repeat 4 filters or use shortcut = projection"),
                c("residual and plain stage both swept", "model.stages = [{elements = [conv, bn, act], sizes = [4], "
                        + "swept = true}, {placements = [original, full-preact], sizes = [4], swept = true}]",
                        "(FILE): stages 1 and 2 are both swept: one stage's order is swept (or several residual "
                                + "stages', which share their placement), the others keep the order written"),
                c("residual stages swept with different placements", "model.stages = [{placements = [original, "
                        + "full-preact], sizes = [4], swept = true}, {elements = [pool]}, {placements = [original], "
                        + "sizes = [8], swept = true}]", "(FILE): stages 1 and 3 are swept residual stages with "
                        + "different placements: they share each trial's placement, so list the same placements in "
                        + "both"),
                c("residual swept beside sweep.blocks", "model.stages = [{elements = [conv], sizes = [4]}, "
                        + "{placements = [original], sizes = [4], swept = true}]", "(FILE): stage 2 is a swept "
                        + "residual stage: its placements are what is swept, so sweep.blocks must stay empty",
                        "sweep.blocks=[\"conv bn\"]"),
                c("residual swept beside sweep.orderings", "model.stages = [{elements = [conv], sizes = [4]}, "
                        + "{placements = [original], sizes = [4], swept = true}]", "sweep.orderings = "
                        + "[conv>bn] (--set): must not be given: the swept stage of model.stages is residual, "
                        + "and its placements are what is swept", "sweep.orderings=[\"conv>bn\"]"),
                c("residual fixed with two placements", "model.stages = [{placements = [original, full-preact], "
                        + "sizes = [4]}, {elements = [pool], swept = true}]", "(FILE): stage 1: placements must be a "
                        + "non-empty list of original, bn-after-add, relu-before-add, relu-only-preact, "
                        + "full-preact; a stage that is not swept has exactly one"),
                c("residual with pooling", "model.stages = [{placements = [original], sizes = [4], pool = 2, "
                        + "swept = true}]", "(FILE): stage 1 is a residual stage and takes no pool: pooling and "
                        + "dropout stay outside the unit, in a plain stage"),
                c("add in a plain stage", "model.stages = [{elements = [conv, add], sizes = [4], swept = true}]",
                        "(FILE): stage 1: add is a residual unit's addition, not a block element: a stage with "
                                + "placements is a residual stage; allowed: conv, dense, bn, act, pool, avgpool, "
                                + "dropout"),
                c("two swept stages", "model.stages = [{elements = [conv, act], sizes = [4], swept = true}, "
                        + "{elements = [dense, act], sizes = [8], swept = true}]",
                        "(FILE): stages 1 and 2 are both swept: one stage's order is swept (or several residual "
                                + "stages', which share their placement), the others keep the order written"),
                c("no swept stage", "model.stages = [{elements = [conv, act], sizes = [4]}]",
                        "(FILE): no stage is swept: mark the stage whose order is swept with swept = true"),
                c("dense before conv in one stage", "model.stages = [{elements = [dense, conv, act], sizes = [4], "
                        + "swept = true}]", "(FILE): stage 1 mixes dense with conv: a dense layer flattens the map "
                        + "conv needs; put them in separate stages, conv first"),
                c("pooling after a dense stage", "model.stages = [{elements = [dense, act], sizes = [8]}, "
                        + "{elements = [conv, pool], sizes = [4], swept = true}]", "(FILE): stage 2 has conv, which "
                        + "needs a map, but stage 1's dense layer flattened it; stages with conv or pooling come "
                        + "before dense ones"),
                c("stage sizes per repeat", "model.stages = [{elements = [conv, act], repeat = 2, sizes = [4], "
                        + "swept = true}]", "(FILE): stage 1: sizes must list one integer >= 1 per repeat (filters "
                        + "of conv, units of dense), 2 in all"),
                c("shorthand beside stages", "model.stages = [{elements = [conv, act], sizes = [4], swept = true}]",
                        "model.blocks = 3 (--set): describes the template's one stage; with model.stages, give each "
                                + "stage's repeat and sizes there instead", "model.blocks=3",
                        "model.filters=[8,8,8]"),
                c("sweep.block beside stages", "model.stages = [{elements = [conv, act], sizes = [4], swept = true}]",
                        "sweep.block = [conv,bn] (--set): disagrees with the swept stage of model.stages, [conv, "
                                + "act]; the swept stage's elements are the block", "sweep.block=[conv,bn]"),
                c("global average after dense", "model.stages = [{elements = [dense, act], sizes = [8], swept = "
                        + "true}]", "model.head = global-average (--set): needs a map, but the network's dense "
                        + "layer flattens it; after a dense layer the head is dense or output",
                        "model.head=global-average"),
                c("stage whose shapes collapse", "model.stages = [{elements = [conv, pool], repeat = 6, sizes = "
                        + "[2, 2, 2, 2, 2, 2], swept = true}]", "model.stages = [{\"elements\":[\"conv\",\"pool\"],"
                        + "\"repeat\":6,\"sizes\":[2,2,2,2,2,2],\"swept\":true}]: no ordering fits the data's "
                        + "28x28 input: max-pooling 2x2 in block 5 receives a 1x1 map, smaller than its window"),
                c("template whose shapes collapse", null, "model.blocks = 5: no ordering fits the data's 28x28 "
                        + "input: max-pooling 2x2 in block 5 receives a 1x1 map, smaller than its window",
                        "model.blocks=5", "model.filters=[2,2,2,2,2]"),
                c("unknown head", null, "model.head = flatten (--set): must be one of dense, global-average, output",
                        "model.head=flatten"),
                c("spark: neither a table nor a path", null, "data.table = \"\" (default): give either data.table (a "
                        + "catalog table) or data.path (with data.source) when data.format = spark, not neither",
                        "data.format=spark"),
                c("spark: a path without a source", null, "data.source = \"\" (default): must name the "
                        + "DataFrameReader format of data.path", "data.format=spark", "data.path=" + csv),
                c("spark: a source Spark cannot read", null, corpus.resolve("nowhere") + ": Spark cannot read it as "
                        + "orc: [PATH_NOT_FOUND]", "data.format=spark", "data.source=orc",
                        "data.path=" + corpus.resolve("nowhere")),
                c("spark: a missing column", null, csv + " (csv): no column 'features'; columns: label, a, b",
                        "data.format=spark", "data.source=csv", "data.options.header=true", "data.path=" + csv),
                c("spark: a text feature column", null, csv + " (csv): feature column 'b' is string, not numeric",
                        "data.format=spark", "data.source=csv", "data.options.header=true",
                        "data.options.inferSchema=true", "data.path=" + csv, "data.features-columns=[a,b]"),
                c("unknown race rule", null, "sweep.racing.rule = welch (--set): must be one of paired, pooled",
                        "sweep.racing.rule=welch"),
                c("unknown comparison", null, "analysis.comparison = tukey (--set): must be one of paired, pooled",
                        "analysis.comparison=tukey"),
                c("dropout = 1", null, "model.dropout = 1 (--set): must be a number in [0, 1)", "model.dropout=1"),
                c("negative dropout", null, "model.dropout = -0.1 (--set): must be a number in [0, 1)",
                        "model.dropout=-0.1"),
                c("zero epochs", null, "train.epochs = 0 (--set): must be an integer >= 1", "train.epochs=0"),
                c("negative seeds", null, "sweep.seeds = -1 (--set): must be an integer >= 1", "sweep.seeds=-1"),
                c("negative limit", null, "data.train-limit = -5 (--set): must be an integer >= 0",
                        "data.train-limit=-5"),
                c("zero filters", null, "model.filters = [0,8] (--set): must be a non-empty list, each item an "
                        + "integer >= 1", "model.filters=[0,8]"),
                c("filters per block", null, "model.filters = [8] (--set): needs one entry per block",
                        "model.filters=[8]"),
                c("bad constraint", null, "sweep.constraints = [conv sometime] (--set): cannot read constraint",
                        "sweep.constraints=[conv sometime]"),
                c("bad ordering", null, "sweep.orderings = [conv>bn] (--set): 'conv>bn' is not an ordering of "
                        + "sweep.block", "sweep.orderings=[conv>bn]"),
                c("unknown element in a block", null, "sweep.blocks = [conv relu] (--set): block 'conv relu': unknown "
                        + "block element 'relu'; allowed: conv, dense, bn, act, pool, avgpool, dropout",
                        "sweep.blocks=[\"conv relu\"]"),
                c("element twice in a block", null, "sweep.blocks = [conv act conv] (--set): block 'conv act conv' "
                        + "must name each element at most once", "sweep.blocks=[\"conv act conv\"]"),
                c("block listed twice", null, "sweep.blocks = [conv act,act conv] (--set): block 'act conv' is "
                        + "listed twice", "sweep.blocks=[\"conv act\", \"act conv\"]"),
                c("ordering of no swept block", null, "sweep.orderings = [conv>bn>act] (--set): 'conv>bn>act' is not "
                        + "an ordering of sweep.blocks", "sweep.blocks=[\"conv act\", \"conv act pool\"]",
                        "sweep.orderings=[conv>bn>act]"),
                c("constraint for an activation not swept", null, "constraint 'mish: bn first' is for mish, which "
                        + "is not in sweep.activations", "sweep.constraints=[\"mish: bn first\"]"),
                c("constraints no ordering satisfies", null, "no ordering of sweep.block satisfies every constraint "
                        + "for relu", "sweep.constraints=[\"conv first\", \"bn first\"]"),
                c("constraint on no swept block's element", null, "constraint 'bn first' names bn, which is not in "
                        + "sweep.blocks", "sweep.blocks=[\"conv act\"]", "sweep.constraints=[\"bn first\"]"),
                c("learning rate out of range", null, "sweep.learning-rates = [0.001, 2] (--set): must be a list, each "
                        + "item a number in [0, 1]", "sweep.learning-rates=[0.001, 2]"),
                c("learning rate twice", null, "sweep.learning-rates = [0.001,0.001] (--set): each rate may appear at "
                        + "most once", "sweep.learning-rates=[0.001, 0.001]"),
                c("missing data path", null, "/no/such/data: data.path does not exist", "data.path=/no/such/data"),
                c("data path is a file", null, "data.path must be a folder",
                        "data.path=" + Files.writeString(corpus.resolve("a-file"), "x")),
                c("missing IDX file", null, "missing (looked for train-labels-idx1-ubyte and "
                        + "train-labels-idx1-ubyte.gz", "data.path=" + missing("missing-labels")),
                c("wrong image magic", null, "not an IDX image file (magic number 2049, expected 2051)",
                        "data.path=" + fashion("magic", "train-images-idx3-ubyte", images(2049, 4, 28, 28, 3136))),
                c("wrong label magic", null, "not an IDX label file (magic number 2051, expected 2049)",
                        "data.path=" + fashion("label-magic", "train-labels-idx1-ubyte", labels(2051, 1, 2, 3, 4))),
                c("truncated IDX", null, "truncated: the file ends before the data its header announces",
                        "data.path=" + fashion("truncated", "t10k-images-idx3-ubyte", images(2051, 2, 28, 28, 900))),
                // Depending on where the damage lands: a CRC or inflate error, or more bytes than announced.
                c("corrupt gzip", null, "corrupt/train-images-idx3-ubyte.gz: ",
                        "data.path=" + fashion("corrupt", "train-images-idx3-ubyte.gz", corrupt)),
                c("image/label count mismatch", null, "3 labels for 2 images",
                        "data.path=" + fashion("count", "t10k-labels-idx1-ubyte", labels(2049, 1, 2, 3))),
                c("label out of range", null, "label 12 at index 1 is out of range 0..9",
                        "data.path=" + fashion("range", "train-labels-idx1-ubyte", labels(2049, 1, 12, 3, 4))),
                c("UCR ragged rows", null, "line 2 has 2 values, line 1 has 3",
                        "data.format=ucr", "model.layout=1d", "data.path=" + ucr("ragged", "1\t1\t2\t3\n2\t1\t2\n",
                                "1\t1\t2\t3\n")),
                c("UCR non-number", null, "line 1, value 2: 'abc' is not a number", "data.format=ucr",
                        "model.layout=1d", "data.path=" + ucr("nan", "1\t1\tabc\t3\n2\t1\t2\t3\n", "1\t1\t2\t3\n")),
                c("UCR with 2D layout", null, "model.layout = 2d (default): must be 1d when data.format = ucr",
                        "data.format=ucr",
                        "data.path=" + ucr("layout", "1\t1\t2\n2\t1\t2\n", "1\t1\t2\n")),
                c("CIFAR-10 without a folder", null, "data.path = \"\" (default): must name the data when "
                        + "data.format = cifar10", "data.format=cifar10"),
                c("CIFAR-10 truncated batch", null, "data_batch_2.bin: 3000 bytes is not a whole number of CIFAR-10 "
                        + "records", "data.format=cifar10", "data.path=" + cifar("truncated", 3000, -1)),
                c("CIFAR-10 label out of range", null, "record 2 has label 11; CIFAR-10 labels are 0-9",
                        "data.format=cifar10", "data.path=" + cifar("label", 0, 11)),
                c("images: one class", null, "needs one sub-folder per class, at least two; found [class0]",
                        "data.format=images", "data.path=" + imageFolder("one-class", 1, null)),
                c("images: a file that is no image", null, "class1/broken.png: not an image the JDK can decode",
                        "data.format=images", "data.path=" + imageFolder("broken", 2, "broken.png")),
                c("table that does not exist", null, "no-such-table: does not exist", "data.format=table",
                        "data.path=" + corpus.resolve("no-such-table")),
                c("table that is not Parquet", null, "notparquet.txt: cannot read as Parquet", "data.format=table",
                        "data.path=" + notParquet()),
                c("images in a 1D layout", null, "model.layout = 1d (--set): must be 2d when data.format = images",
                        "data.format=images", "model.layout=1d", "data.path=" + imageFolder("layout", 2, null)),
                c("output path is a file", null, "is a file; it must be a folder",
                        "output.dir=" + corpus.resolve("a-file")),
                c("unwritable output", null, "output.dir = " + corpus.resolve("a-file") + "/below: ",
                        "output.dir=" + corpus.resolve("a-file") + "/below")));
        return cases.stream();
    }

    private static String missing(String name) throws IOException {
        String d = fashion(name, null, null);
        Files.delete(Path.of(d, "train-labels-idx1-ubyte"));
        return d;
    }

    /** Every file under a folder with its SHA-256: the "byte for byte" in the contract. */
    private static TreeMap<String, String> snapshot(Path root) throws Exception {
        TreeMap<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void refusedWithOneLineAndNothingTouched(Case bad) throws Exception {
        // An earlier sweep's results in the output folder (unless the case is about the output folder itself).
        Path results = dir.resolve("results");
        Files.createDirectories(results.resolve("trials"));
        // Parquet's magic at both ends: enough for run's up-front check of the folder, which reads only those.
        Files.write(results.resolve("trials/part-00000.snappy.parquet"),
                new byte[]{80, 65, 82, 49, 1, 2, 3, 4, 80, 65, 82, 49});
        Files.writeString(results.resolve("runs-note.txt"), "earlier sweep");
        TreeMap<String, String> before = snapshot(results);

        List<String> args = new ArrayList<>(List.of("run", "--master", "local[1]"));
        Path conf = dir.resolve("test.conf");
        Files.writeString(conf, bad.conf() == null ? "" : bad.conf());
        args.addAll(List.of("--conf", conf.toString(), "--set", "output.dir=" + results));
        for (String s : bad.sets()) {
            args.addAll(List.of("--set", s));
        }
        assertEquals(2, Main.execute(args.toArray(String[]::new)), err.toString());
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.startsWith("ordersweep: ")).toList();
        assertEquals(1, lines.size(), err.toString());
        String line = lines.get(0).replace(conf.toString(), "FILE");
        assertTrue(line.contains(bad.expected().replace(conf.toString(), "FILE")), line);
        assertFalse(err.toString().contains("\tat "), "stack trace without --debug: " + err);
        assertEquals(before, snapshot(results), "the existing results changed");
    }
}
