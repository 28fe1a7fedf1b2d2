package org.ordersweep.bench;

import org.ordersweep.model.TrainingStep;

import java.util.ArrayList;
import java.util.List;

/**
 * The training step's levers one by one ({@link TrainingStep#levers()}): the reference CNN in sweep mode (one trial
 * per core, one native thread each: {@link PoolThroughput}) with each lever, every lever once per round, rounds
 * repeated so that the machine's drift spreads over all of them. Each row is the median over the rounds with its
 * min-max and its ratio to DL4J's step as shipped ({@link BenchTable} and {@link BenchJson} print the rows).
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
}
