package org.ordersweep.bench;

import org.ordersweep.config.Head;
import org.ordersweep.config.Stage;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.data.Cifar10Reader;
import org.ordersweep.data.DataLoader;
import org.ordersweep.data.LabelledData;
import org.ordersweep.domain.ActivationKind;
import org.ordersweep.domain.Ordering;
import org.ordersweep.model.CostModel;
import org.ordersweep.model.Network;
import org.ordersweep.model.NetworkFactory;
import org.ordersweep.model.TrainingStep;

import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A network under test, built exactly as sweeps build it (NetworkFactory from a sweep configuration, any stages and
 * head, a graph when it has residual units): the swept stage in the first order sweep.blocks lists, the first swept
 * activation, the configuration's batch size and learning rate. Its data (its configuration's data section is replaced) is the embedded Fashion-MNIST subset shaped for the
 * model's layout, whatever data the configuration names, so that every path and machine trains on the same images;
 * for a model of RGB data (CIFAR-10, an image folder or table with 3 channels) the grey images are repeated into
 * its channels, at 28 x 28.
 */
public record BenchModel(String name, String source, SweepConfig config, Ordering ordering, ActivationKind activation,
                         DataLoader.TrainTest data, CostModel.Cost cost, TrainingStep step) {

    public static BenchModel of(String name, String source, SweepConfig config, int samples) {
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
                CostModel.of(ordering, config.model(), data.shape()), TrainingStep.of(config.train().step()));
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

    /** A new network, initialised: a stack, or a graph when the model has residual stages. */
    public Network newNetwork() {
        return NetworkFactory.network(ordering, activation, config.model(), config.train().learningRate(),
                data.shape(), config.sweep().masterSeed(), step);
    }

    /** One line for tables: the layers and their sizes. */
    public String describe() {
        SweepConfig.Model m = config.model();
        StringBuilder layers = new StringBuilder();
        for (Stage s : m.stages()) {
            if (!layers.isEmpty()) {
                layers.append(", then ");
            }
            String unit = s.elementsFor(ordering).stream().map(e -> e.key()).collect(Collectors.joining(">"));
            layers.append(String.format(Locale.ROOT, "%s%s (%s) x %d, sizes %s, kernel %d, pool %d, dropout %s",
                    s.residual() ? "residual unit " : "", unit, activation.key(), s.repeat(), s.sizes(), s.kernel(),
                    s.pool(), s.dropout()));
        }
        String head = m.head() == Head.DENSE ? "dense " + m.headUnits() : m.head().key();
        return String.format(Locale.ROOT, "%s; head %s, layout %s, batch %d, Adam %s, input %dx%dx%d", layers, head,
                m.layout().key(), batchSize(), config.train().learningRate(), train().channels(), train().height(),
                train().width());
    }
}
