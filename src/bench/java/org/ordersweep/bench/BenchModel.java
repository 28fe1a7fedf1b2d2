package org.ordersweep.bench;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.ordersweep.config.ConfigError;
import org.ordersweep.config.Head;
import org.ordersweep.config.Stage;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.data.Cifar10Reader;
import org.ordersweep.data.DataLoader;
import org.ordersweep.data.LabelledData;
import org.ordersweep.domain.ActivationKind;
import org.ordersweep.domain.Ordering;
import org.ordersweep.model.CostModel;
import org.ordersweep.model.NetworkFactory;
import org.ordersweep.model.TrainingStep;

import java.util.Locale;

/**
 * A network under test, built exactly as sweeps build it (NetworkFactory from a sweep configuration): the block in
 * the order sweep.block lists it, the first swept activation, the configuration's batch size and learning rate.
 * Its data (its configuration's data section is replaced) is the embedded Fashion-MNIST subset shaped for the
 * model's layout, whatever data the configuration names, so that every path and machine trains on the same images;
 * for a model of RGB data (CIFAR-10, an image folder or table with 3 channels) the grey images are repeated into
 * its channels, at 28 x 28.
 */
public record BenchModel(String name, String source, SweepConfig config, Ordering ordering, ActivationKind activation,
                         DataLoader.TrainTest data, CostModel.Cost cost, TrainingStep step) {

    public static BenchModel of(String name, String source, SweepConfig config, int samples) {
        if (config.model().stages().size() != 1 || config.model().head() != Head.DENSE) {
            throw new ConfigError(source + ": the bench measures the template network (one stage, the dense head), "
                    + "which the PyTorch comparison rebuilds; this network has " + config.model().stages().size()
                    + " stages and the " + config.model().head().key() + " head");
        }
        SweepConfig embedded = new SweepConfig(config.sweep(), config.model(),
                SweepConfig.Data.embeddedFashion(samples, 0), config.train(), config.output(),
                config.spark(), config.resolved());
        DataLoader.TrainTest data = DataLoader.load(embedded, new org.apache.hadoop.conf.Configuration());
        int channels = channelsOf(config.data());
        if (channels > 1) {
            // An RGB model measured on the same images: grey repeated into its channels.
            data = new DataLoader.TrainTest(data.train().withChannels(channels), data.test().withChannels(channels),
                    data.source() + ", grey repeated into " + channels + " channels", data.classNames());
        }
        Ordering ordering = new Ordering(config.sweep().blocks().get(0));
        return new BenchModel(name, source, embedded, ordering, config.sweep().activations().get(0), data,
                CostModel.of(ordering, config.model(), data.shape()), TrainingStep.FAST);
    }

    /** The same network with another training step (the bench's levers). */
    public BenchModel withStep(TrainingStep other) {
        return new BenchModel(name, source, config, ordering, activation, data, cost, other);
    }

    /** The channels the configuration's own data has: CIFAR-10's three, or what data.channels says. */
    static int channelsOf(SweepConfig.Data d) {
        return switch (d.format()) {
            case CIFAR10 -> Cifar10Reader.CHANNELS;
            case IMAGES, TABLE, SPARK -> d.channels();
            case FASHION_MNIST, UCR -> 1;
        };
    }

    public LabelledData train() {
        return data.train();
    }

    public int batchSize() {
        return config.train().batchSize();
    }

    public MultiLayerNetwork newNetwork() {
        MultiLayerNetwork net = new MultiLayerNetwork(NetworkFactory.build(ordering, activation, config.model(),
                config.train().learningRate(), data.shape(), config.sweep().masterSeed(), step));
        net.init();
        return net;
    }

    /** One line for tables: the layers and their sizes. */
    public String describe() {
        SweepConfig.Model m = config.model();
        Stage s = m.swept();
        return String.format(Locale.ROOT, "%s (%s) x %d blocks, filters %s, kernel %d, pool %d, dropout %s, "
                        + "dense %d, layout %s, batch %d, Adam %s, input %dx%dx%d", ordering.key(), activation.key(),
                s.repeat(), s.sizes(), s.kernel(), s.pool(), s.dropout(), m.headUnits(), m.layout().key(), batchSize(),
                config.train().learningRate(), train().channels(), train().height(), train().width());
    }
}
