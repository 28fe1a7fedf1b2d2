package org.ordersweep.model;

import org.ordersweep.config.Stage;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.domain.InputShape;
import org.ordersweep.domain.Ordering;

/**
 * Per-example cost of an ordering's network, from its shapes alone: parameters, forward and training FLOPs, and
 * activation memory. Pooling early shrinks every layer after it. Training is counted as three forward passes (forward,
 * gradient with respect to inputs, gradient with respect to weights), the usual estimate.
 */
public final class CostModel {

    /** Costs per example; {@code parameters} counts DL4J's parameter vector (batch norm's running statistics too). */
    public record Cost(long parameters, double forwardFlops, double trainFlops, long activationBytes) {
    }

    private CostModel() {
    }

    public static Cost of(Ordering ordering, SweepConfig.Model model, InputShape input) {
        long params = 0;
        double flops = 0;
        double dropoutFlops = 0;
        long activations = 0;
        long last = (long) input.channels() * input.height() * input.width();
        long lastChannels = input.channels();
        for (LayerShapes.Step s : LayerShapes.walk(ordering, model, input)) {
            long in = s.inputs();
            long out = s.outputs();
            switch (s.element()) {
                case CONV -> {
                    Stage stage = model.stages().get(s.stage());
                    int kw = s.shortcut() ? 1 : stage.kernel();
                    int kh = model.oneDimensional() ? 1 : kw;
                    params += (long) kh * kw * s.inChannels() * s.outChannels() + s.outChannels();
                    flops += 2.0 * kh * kw * s.inChannels() * out;
                }
                case DENSE -> {
                    params += in * s.outChannels() + s.outChannels();
                    flops += 2.0 * in * s.outChannels();
                }
                case BN -> {
                    params += 4L * s.inChannels();
                    flops += 4.0 * in;
                }
                // A comparison or an addition per input value: max and average pooling cost the same.
                case ACT, POOL, AVGPOOL, ADD -> flops += in;
                case DROPOUT -> dropoutFlops += 2.0 * in;
            }
            activations += out;
            last = out;
            lastChannels = s.outChannels();
        }
        switch (model.head()) {
            case DENSE -> {
                int dense = model.headUnits();
                params += last * dense + dense;
                flops += 2.0 * last * dense + dense;
                activations += dense;
                last = dense;
            }
            case GLOBAL_AVERAGE -> {
                flops += last;
                last = lastChannels;
                activations += last;
            }
            case OUTPUT -> {
            }
        }
        params += last * input.classes() + input.classes();
        flops += 2.0 * last * input.classes();
        activations += input.classes();
        return new Cost(params, flops, 3 * flops + dropoutFlops, activations * Float.BYTES);
    }

    /** Training cost for choosing representatives; an ordering whose shapes do not fit costs infinitely much. */
    public static double trainFlopsOrInfinite(Ordering ordering, SweepConfig.Model model, InputShape input) {
        try {
            return of(ordering, model, input).trainFlops();
        } catch (InvalidNetwork e) {
            return Double.POSITIVE_INFINITY;
        }
    }
}
