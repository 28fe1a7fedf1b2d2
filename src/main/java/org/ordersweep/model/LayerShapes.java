package org.ordersweep.model;

import org.ordersweep.config.SweepConfig;
import org.ordersweep.domain.Element;
import org.ordersweep.domain.InputShape;
import org.ordersweep.domain.Ordering;

import java.util.ArrayList;
import java.util.List;

/**
 * Walks the shapes through the repeated block without DL4J: what each layer receives and produces. Rejects networks
 * DL4J would build but that make no sense, such as a pooling window larger than the map it pools (DL4J 1.0.0-M2
 * silently clamps such a map to 1x1).
 */
public final class LayerShapes {

    /** One block layer with the shape it receives (channels x height x width). */
    public record Step(int block, Element element, int filters, int inChannels, int inHeight, int inWidth,
                       int outChannels, int outHeight, int outWidth) {
    }

    private LayerShapes() {
    }

    public static List<Step> walk(Ordering ordering, SweepConfig.Model model, InputShape input) {
        int c = input.channels();
        int h = input.height();
        int w = input.width();
        int ph = model.oneDimensional() ? 1 : model.pool();
        int pw = model.pool();
        List<Step> steps = new ArrayList<>();
        for (int b = 0; b < model.blocks(); b++) {
            int filters = model.filters().get(b);
            for (Element e : ordering.elements()) {
                int oc = c;
                int oh = h;
                int ow = w;
                switch (e) {
                    case CONV -> oc = filters;
                    case POOL, AVGPOOL -> {
                        if (h < ph || w < pw) {
                            throw new InvalidNetwork((e == Element.POOL ? "max" : "average") + "-pooling " + ph + "x"
                                    + pw + " in block " + (b + 1)
                                    + " receives a " + h + "x" + w + " map, smaller than its window");
                        }
                        oh = h / ph;
                        ow = w / pw;
                    }
                    default -> {
                    }
                }
                steps.add(new Step(b, e, filters, c, h, w, oc, oh, ow));
                c = oc;
                h = oh;
                w = ow;
            }
        }
        return steps;
    }
}
