package org.ordersweep.model;

import org.ordersweep.config.ConfigError;
import org.ordersweep.config.Head;
import org.ordersweep.config.Stage;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.domain.Element;
import org.ordersweep.domain.InputShape;
import org.ordersweep.domain.Ordering;

import java.util.ArrayList;
import java.util.List;

/**
 * Walks the shapes through the network's stages without DL4J: what each layer receives and produces. Rejects networks
 * DL4J would build but that make no sense, such as a pooling window larger than the map it pools (DL4J 1.0.0-M2
 * silently clamps such a map to 1x1).
 */
public final class LayerShapes {

    /**
     * One layer with the shape it receives and produces (channels x height x width).
     *
     * @param stage  the stage's index in model.stages
     * @param repeat which repeat of the stage (0-based)
     * @param size   the stage's size for this repeat: the convolution's filters or the dense layer's units
     * @param shortcut a residual unit's 1x1 projection of its input (element conv), not a layer of its branch
     */
    public record Step(int stage, int repeat, Element element, int size, int inChannels, int inHeight, int inWidth,
                       int outChannels, int outHeight, int outWidth, boolean shortcut) {
        public long inputs() {
            return (long) inChannels * inHeight * inWidth;
        }

        public long outputs() {
            return (long) outChannels * outHeight * outWidth;
        }
    }

    private LayerShapes() {
    }

    public static List<Step> walk(Ordering ordering, SweepConfig.Model model, InputShape input) {
        int c = input.channels();
        int h = input.height();
        int w = input.width();
        boolean flat = false;
        List<Step> steps = new ArrayList<>();
        List<Stage> stages = model.stages();
        for (int s = 0; s < stages.size(); s++) {
            Stage stage = stages.get(s);
            int ph = model.oneDimensional() ? 1 : stage.pool();
            int pw = stage.pool();
            for (int r = 0; r < stage.repeat(); r++) {
                int size = stage.sizes().get(r);
                int unitInput = c;
                for (Element e : stage.elementsFor(ordering)) {
                    int oc = c;
                    int oh = h;
                    int ow = w;
                    if (flat && e.spatial()) {
                        throw new InvalidNetwork(e.key() + " in " + where(stages.size(), s, r) + " follows a dense "
                                + "layer, whose output is flat; it needs a map");
                    }
                    switch (e) {
                        case CONV -> oc = size;
                        case DENSE -> {
                            oc = size;
                            oh = 1;
                            ow = 1;
                            flat = true;
                        }
                        case ADD -> {
                            if (unitInput != c) {
                                if (!stage.projection()) {
                                    throw new InvalidNetwork("the shortcut of " + where(stages.size(), s, r) + " is "
                                            + "identity, but the unit receives " + unitInput + " channels and its "
                                            + "convolutions give " + c + "; give this repeat " + unitInput
                                            + " filters or use shortcut = projection");
                                }
                                steps.add(new Step(s, r, Element.CONV, size, unitInput, h, w, c, h, w, true));
                            }
                        }
                        case POOL, AVGPOOL -> {
                            if (h < ph || w < pw) {
                                throw new InvalidNetwork((e == Element.POOL ? "max" : "average") + "-pooling " + ph
                                        + "x" + pw + " in " + where(stages.size(), s, r) + " receives a " + h + "x" + w
                                        + " map, smaller than its window");
                            }
                            oh = h / ph;
                            ow = w / pw;
                        }
                        default -> {
                        }
                    }
                    steps.add(new Step(s, r, e, size, c, h, w, oc, oh, ow, false));
                    c = oc;
                    h = oh;
                    w = ow;
                }
            }
        }
        if (flat && model.head() == Head.GLOBAL_AVERAGE) {
            throw new InvalidNetwork("the global-average head follows a dense layer, whose output is flat; it needs "
                    + "a map");
        }
        return steps;
    }

    /**
     * Refuses a sweep in which no ordering's shapes fit the data (a stage that pools more often than its input
     * allows): every trial would be invalid. One line naming the key that describes the network and the first reason.
     */
    public static void requireOneFits(List<Ordering> orderings, SweepConfig config, InputShape input) {
        InvalidNetwork first = null;
        for (Ordering o : orderings) {
            try {
                walk(o, config.model(), input);
                return;
            } catch (InvalidNetwork e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            String stages = config.resolved().getOrDefault("model.stages", "[]");
            String key = stages.equals("[]") ? "model.blocks" : "model.stages";
            throw new ConfigError(key + " = " + config.resolved().get(key) + ": no ordering fits the data's "
                    + input.height() + "x" + input.width() + " input: " + first.getMessage());
        }
    }

    /** A network of one stage speaks of blocks, as the template always has. */
    private static String where(int stages, int stage, int repeat) {
        return stages == 1 ? "block " + (repeat + 1) : "stage " + (stage + 1) + ", repeat " + (repeat + 1);
    }
}
