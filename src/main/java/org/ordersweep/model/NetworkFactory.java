package org.ordersweep.model;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.ComposableInputPreProcessor;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.ordersweep.config.Stage;
import org.ordersweep.config.SweepConfig;
import org.ordersweep.domain.ActivationKind;
import org.ordersweep.domain.Element;
import org.ordersweep.domain.InputShape;
import org.ordersweep.domain.Ordering;

import java.util.List;

/**
 * Turns an ordering of the swept stage into a DL4J network: every stage's layers in order, each stage repeated, the
 * swept one in the trial's order; then the head and a softmax output. Residual stages make it a graph. 1D models use 2D layers of height 1 (DL4J's 1D BatchNorm is broken).
 */
public final class NetworkFactory {

    static {
        // Every JVM that builds a network trains it, often beside another trial: ops must outlive their native calls.
        FencedOpExecutioner.install();
    }

    private NetworkFactory() {
    }

    /**
     * Every network takes channels-last input (NHWC): oneDNN's max pooling on channels-first data (DL4J's default)
     * runs a reference kernel that took a quarter of the training time; channels-last trains the reference CNN
     * 15-30% faster (docs/performance.md). {@link org.ordersweep.data.LabelledData} batches in this layout.
     */
    public static final CNN2DFormat LAYOUT = CNN2DFormat.NHWC;

    /**
     * With the default training step ({@link TrainingStep#FAST}).
     *
     * @throws InvalidNetwork when the shapes do not fit (e.g. pooling more often than the input allows); DL4J's own
     *                        rejections surface as its runtime exceptions
     */
    public static MultiLayerConfiguration build(Ordering ordering, ActivationKind activation, SweepConfig.Model model,
                                                double learningRate, InputShape input, long seed) {
        return build(ordering, activation, model, learningRate, input, seed, TrainingStep.FAST);
    }

    /** As sweeps build it, with the training step's pieces chosen (the bench compares them). */
    public static MultiLayerConfiguration build(Ordering ordering, ActivationKind activation, SweepConfig.Model model,
                                                double learningRate, InputShape input, long seed, TrainingStep step) {
        LayerShapes.walk(ordering, model, input);
        if (model.residual()) {
            throw new IllegalArgumentException("a network with residual stages is a graph: use graph(...)");
        }
        NeuralNetConfiguration.ListBuilder layers = common(learningRate, seed, step).list();
        boolean denseFirst = model.stages().get(0).elementsFor(ordering).get(0) == Element.DENSE;
        // A leading dense layer takes the copy flattened: DL4J adds no preprocessor where one is already set.
        layers.inputPreProcessor(0, denseFirst ? new ComposableInputPreProcessor(new InputCopy(),
                new CnnToFeedForwardPreProcessor(input.height(), input.width(), input.channels(), LAYOUT))
                : new InputCopy());
        boolean flat = false;
        // Whether every layer so far passes a null gradient on: a conv after them needs no input gradient.
        boolean nothingTrainableBefore = true;
        for (Stage stage : model.stages()) {
            int kh = model.oneDimensional() ? 1 : stage.kernel();
            int ph = model.oneDimensional() ? 1 : stage.pool();
            for (int r = 0; r < stage.repeat(); r++) {
                for (Element e : stage.elementsFor(ordering)) {
                    flat |= e == Element.DENSE;
                    boolean leading = step.leadingConvolution() && nothingTrainableBefore;
                    Layer layer = leading && e == Element.CONV
                            ? new LeadingConvolution(conv(stage, stage.sizes().get(r), kh))
                            : leading && (e == Element.POOL || e == Element.AVGPOOL)
                            ? new LeadingPooling(pooling(e == Element.POOL ? PoolingType.MAX : PoolingType.AVG,
                                    stage, ph))
                            : layer(e, activation, stage, stage.sizes().get(r), kh, ph, flat, step);
                    nothingTrainableBefore &= LeadingConvolution.passesNoGradient(layer);
                    layers.layer(layer);
                }
            }
        }
        head(model, step).forEach(layers::layer);
        layers.layer(output(input, step));
        layers.setInputType(inputType(input));
        return layers.build();
    }

    /**
     * The trial's network, built and initialised with the default training step: a graph when the model has residual
     * stages, else a stack.
     */
    public static Network network(Ordering ordering, ActivationKind activation, SweepConfig.Model model,
                                  double learningRate, InputShape input, long seed) {
        return network(ordering, activation, model, learningRate, input, seed, TrainingStep.FAST);
    }

    /** As sweeps build it, with the training step's pieces chosen (the bench compares them). */
    public static Network network(Ordering ordering, ActivationKind activation, SweepConfig.Model model,
                                  double learningRate, InputShape input, long seed, TrainingStep step) {
        if (model.residual()) {
            ComputationGraph graph = new ComputationGraph(graph(ordering, activation, model, learningRate, input, seed,
                    step));
            graph.init();
            return Network.of(graph);
        }
        MultiLayerNetwork net = new MultiLayerNetwork(build(ordering, activation, model, learningRate, input, seed,
                step));
        net.init();
        return Network.of(net);
    }

    /**
     * A network with residual stages, as a DL4J graph: the same layers as {@link #build} for plain stages; each
     * residual repeat is its placement's unit, whose branch (the layers before add) starts from the unit's input x,
     * and whose addition adds x, or its 1x1 projection where the filters change, to the branch's output.
     */
    public static ComputationGraphConfiguration graph(Ordering ordering, ActivationKind activation,
                                                      SweepConfig.Model model, double learningRate, InputShape input,
                                                      long seed, TrainingStep step) {
        List<LayerShapes.Step> shapes = LayerShapes.walk(ordering, model, input);
        ComputationGraphConfiguration.GraphBuilder g = common(learningRate, seed, step).graphBuilder()
                .addInputs("input");
        String last = "input-copy";
        g.addVertex(last, new PreprocessorVertex(new InputCopy()), "input");
        boolean flat = false;
        for (int s = 0; s < model.stages().size(); s++) {
            Stage stage = model.stages().get(s);
            int kh = model.oneDimensional() ? 1 : stage.kernel();
            int ph = model.oneDimensional() ? 1 : stage.pool();
            for (int r = 0; r < stage.repeat(); r++) {
                String prefix = "s" + (s + 1) + "r" + (r + 1) + "-";
                String unitInput = last;
                List<Element> elements = stage.elementsFor(ordering);
                for (int i = 0; i < elements.size(); i++) {
                    Element e = elements.get(i);
                    String name = prefix + (i + 1) + "-" + e.key();
                    if (e == Element.ADD) {
                        String shortcut = unitInput;
                        if (projected(shapes, s, r)) {
                            shortcut = prefix + "shortcut";
                            g.addLayer(shortcut, new ConvolutionLayer.Builder(1, 1).nOut(stage.sizes().get(r)).stride(1, 1)
                                    .convolutionMode(ConvolutionMode.Same).activation(Activation.IDENTITY)
                                    .dataFormat(LAYOUT).build(), unitInput);
                        }
                        g.addVertex(name, new ElementWiseVertex(ElementWiseVertex.Op.Add), last, shortcut);
                    } else {
                        flat |= e == Element.DENSE;
                        Layer layer = layer(e, activation, stage, stage.sizes().get(r), kh, ph, flat, step);
                        if (i == 0 && stage.residual() && e == Element.ACT) {
                            // DL4J applies an activation layer in place in inference: on the unit's input, which the
                            // shortcut also reads, it would add act(x) instead of x. The branch gets its own copy.
                            g.addLayer(name, layer, new InputCopy(), last);
                        } else {
                            g.addLayer(name, layer, last);
                        }
                    }
                    last = name;
                }
            }
        }
        List<Layer> head = head(model, step);
        for (int i = 0; i < head.size(); i++) {
            g.addLayer("head-" + (i + 1), head.get(i), last);
            last = "head-" + (i + 1);
        }
        g.addLayer("output", output(input, step), last);
        return g.setOutputs("output").setInputTypes(inputType(input)).build();
    }

    /** Whether this residual repeat adds a 1x1 projection of its input, as {@link LayerShapes} decided. */
    private static boolean projected(List<LayerShapes.Step> shapes, int stage, int repeat) {
        return shapes.stream().anyMatch(x -> x.shortcut() && x.stage() == stage && x.repeat() == repeat);
    }

    private static NeuralNetConfiguration.Builder common(double learningRate, long seed, TrainingStep step) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .cacheMode(step.cachedConvForward() ? CacheMode.DEVICE : CacheMode.NONE)
                .dataType(DataType.FLOAT)
                .updater(step.javaAdam() ? new JavaAdam(learningRate) : new Adam(learningRate))
                .weightInit(WeightInit.RELU)
                // Workspaces in training and inference (DL4J's defaults, stated): memory reused, not collected.
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED);
    }

    private static List<Layer> head(SweepConfig.Model model, TrainingStep step) {
        return switch (model.head()) {
            case DENSE -> List.of(dense(new DenseLayer.Builder().nOut(model.headUnits()).activation(Activation.RELU)
                    .build(), step));
            case GLOBAL_AVERAGE -> List.of(new GlobalPoolingLayer.Builder(PoolingType.AVG).build());
            case OUTPUT -> List.of();
        };
    }

    private static DenseLayer dense(DenseLayer dl4j, TrainingStep step) {
        return step.cachedForwardDense() ? CachedForwardDense.of(dl4j) : dl4j;
    }

    private static Layer output(InputShape input, TrainingStep step) {
        return step.softmaxOutput() ? SoftmaxOutput.of(input.classes())
                : new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(input.classes())
                .activation(Activation.SOFTMAX).build();
    }

    private static InputType inputType(InputShape input) {
        return InputType.convolutional(input.height(), input.width(), input.channels(), LAYOUT);
    }

    /** @param flat whether the layer receives a dense layer's features rather than a map */
    private static Layer layer(Element e, ActivationKind activation, Stage stage, int size, int kh, int ph,
                               boolean flat, TrainingStep step) {
        return switch (e) {
            case CONV -> step.channelsLastConv() ? new ChannelsLastConvolution(conv(stage, size, kh))
                    : conv(stage, size, kh).build();
            // Linear like the convolution: the activation is its own layer. A map it receives is flattened.
            case DENSE -> dense(new DenseLayer.Builder().nOut(size).activation(Activation.IDENTITY).build(), step);
            // On features DL4J's inference views the input as N x features x 1 x 1, channels first: its axis is 1.
            case BN -> step.fusedBatchNorm() ? new FusedBatchNorm(flat ? CNN2DFormat.NCHW : LAYOUT)
                    : new BatchNormalization.Builder().dataFormat(flat ? CNN2DFormat.NCHW : LAYOUT).build();
            case ACT -> step.copyFreeRelu() && activation == ActivationKind.RELU ? new CopyFreeRelu()
                    : new ActivationLayer.Builder().activation(activationFunction(activation)).build();
            case POOL -> pooling(PoolingType.MAX, stage, ph).build();
            case AVGPOOL -> pooling(PoolingType.AVG, stage, ph).build();
            // DL4J's Dropout takes the probability of keeping a unit.
            case DROPOUT -> step.copyFreeDropout() ? new CopyFreeDropout(new Dropout(1.0 - stage.dropout()))
                    : new DropoutLayer.Builder().dropOut(new Dropout(1.0 - stage.dropout())).build();
            case ADD -> throw new IllegalArgumentException("add is a graph vertex, not a layer");
        };
    }

    private static ConvolutionLayer.Builder conv(Stage stage, int size, int kh) {
        return new ConvolutionLayer.Builder(kh, stage.kernel()).nOut(size).stride(1, 1)
                .convolutionMode(ConvolutionMode.Same).activation(Activation.IDENTITY).dataFormat(LAYOUT);
    }

    /** Max and average pooling share window, stride and mode; no padding, so every mean is over a full window. */
    private static SubsamplingLayer.Builder pooling(PoolingType type, Stage stage, int ph) {
        return new SubsamplingLayer.Builder(type).kernelSize(ph, stage.pool()).stride(ph, stage.pool())
                .convolutionMode(ConvolutionMode.Truncate).dataFormat(LAYOUT);
    }

    /** DL4J's activation function, with a derivative that stays finite where DL4J's overflows. */
    static org.nd4j.linalg.activations.IActivation activationFunction(ActivationKind a) {
        org.nd4j.linalg.activations.IActivation finite = FiniteDerivatives.of(a);
        return finite != null ? finite : dl4j(a).getActivationFunction();
    }

    public static Activation dl4j(ActivationKind a) {
        return switch (a) {
            case IDENTITY -> Activation.IDENTITY;
            case RELU -> Activation.RELU;
            case LEAKYRELU -> Activation.LEAKYRELU;
            case ELU -> Activation.ELU;
            case TANH -> Activation.TANH;
            case SIGMOID -> Activation.SIGMOID;
            case SOFTPLUS -> Activation.SOFTPLUS;
            case MISH -> Activation.MISH;
            case SWISH -> Activation.SWISH;
            case GELU -> Activation.GELU;
        };
    }
}
