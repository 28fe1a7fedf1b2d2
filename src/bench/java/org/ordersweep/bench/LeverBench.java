package org.ordersweep.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ordersweep.model.TrainingStep;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ordersweep.results.Json;

/**
 * The training step's levers one by one ({@link TrainingStep#levers()}): the reference CNN in sweep mode (one trial
 * per core, one native thread each: {@link PoolThroughput}) with each lever, every lever once per round, rounds
 * repeated so that the machine's drift spreads over all of them. Each row is the median over the rounds with its
 * min-max and its ratio to DL4J's step as shipped.
 */
public final class LeverBench {

    /** One lever's machine throughput over the rounds. */
    public record Row(TrainingStep.Lever lever, Spread train) {
    }

    private LeverBench() {
    }

    public static List<Row> run(BenchModel model, int cores, int rounds) throws InterruptedException {
        List<TrainingStep.Lever> levers = TrainingStep.levers();
        List<PoolThroughput> pools = new ArrayList<>();
        List<List<Double>> runs = new ArrayList<>();
        try {
            for (TrainingStep.Lever l : levers) {
                PoolThroughput p = new PoolThroughput(model.withStep(l.step()), cores);
                p.warmUp();
                pools.add(p);
                runs.add(new ArrayList<>());
            }
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < levers.size(); i++) {
                    runs.get(i).add(pools.get(i).train().machine());
                }
            }
        } finally {
            pools.forEach(PoolThroughput::close);
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < levers.size(); i++) {
            rows.add(new Row(levers.get(i), Spread.of(runs.get(i))));
        }
        return rows;
    }

    public static String text(List<Row> rows, BenchModel model, int cores, int rounds) {
        Spread base = rows.get(0).train();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "Training-step levers: %s, %d trials x 1 thread, %d images per pass, median [min-max] of %d "
                        + "interleaved rounds%n", model.name(), cores, model.train().size(), rounds));
        sb.append(String.format(Locale.ROOT, "%-42s %-26s %s%n", "lever", "train samples/s", "vs DL4J's layers"));
        for (Row r : rows) {
            Spread s = r.train();
            sb.append(String.format(Locale.ROOT, "%-42s %-26s %.2f%n", r.lever().name(),
                    String.format(Locale.ROOT, "%,.0f [%,.0f-%,.0f]", s.median(), s.min(), s.max()),
                    s.medianOver(base)));
        }
        return sb.toString();
    }

    /** The rows as one JSON line. */
    public static String json(List<Row> rows, BenchModel model, int cores, int rounds) {
        Spread base = rows.get(0).train();
        ArrayNode levers = Json.array();
        for (Row r : rows) {
            ObjectNode lever = Json.object().put("lever", r.lever().name())
                    .put("fused_batch_norm", r.lever().step().fusedBatchNorm())
                    .put("copy_free_relu", r.lever().step().copyFreeRelu())
                    .put("copy_free_dropout", r.lever().step().copyFreeDropout())
                    .put("cached_conv_forward", r.lever().step().cachedConvForward());
            lever.set("train_sps", r.train().json());
            lever.put("over_dl4j", r.train().medianOver(base));
            levers.add(lever);
        }
        ObjectNode o = Json.object().put("model", model.name()).put("trials", cores)
                .put("images", model.train().size()).put("rounds", rounds);
        o.set("levers", levers);
        return Json.line(o);
    }
}
