package org.ordersweep.model;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Batch normalization's training step for channels-last 4D input, and for a dense layer's features (2D input,
 * examples x features: the same rows x channels matrix), in a few passes over the data. DL4J 1.0.0-M2 takes
 * the per-channel variance with a strided reduction that was 15% of the reference CNN's training profile and adds
 * reductions and broadcasts around oneDNN's backward pass. Here the input is viewed as a rows x channels matrix:
 * per-channel sums are one matrix-vector product each (BLAS), everything else is one element-wise pass or one
 * broadcast. The running statistics get the same "gradients" as DL4J's layer (the mean's step is
 * (running - batch) x (1 - decay); the log10 std's log10 of running over updated std), so updater, parameter averaging
 * and serialisation see DL4J's layer. Inference and any other input go to DL4J's own code.
 */
final class FusedBatchNormLayer extends BatchNormalization {

    private static final double ONE_OVER_2_LN_10 = 1.0 / (2 * Math.log(10.0));

    /** Kept from the training forward pass for the backward pass; null when DL4J's code ran it. */
    private Batch batch;

    private record Batch(INDArray centred, INDArray mean, INDArray variance, INDArray invStd, INDArray scale) {
    }

    FusedBatchNormLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private boolean fusable(INDArray x, TrainingMode mode) {
        org.deeplearning4j.nn.conf.layers.BatchNormalization c = layerConf();
        boolean channelsLast = x.rank() == 2 || (x.rank() == 4 && c.getCnn2DFormat() == CNN2DFormat.NHWC);
        return mode == TrainingMode.TRAIN && channelsLast && !c.isLockGammaBeta() && x.dataType() == dataType;
    }

    @Override
    public INDArray preOutput(INDArray x, TrainingMode mode, LayerWorkspaceMgr ws) {
        batch = null;
        if (!fusable(x, mode)) {
            return super.preOutput(x, mode, ws);
        }
        long channels = x.size(x.rank() - 1);
        long rows = x.length() / channels;
        INDArray in = rowsByChannels(x, rows, channels, ws);
        INDArray ones = ones(rows, ArrayType.FF_WORKING_MEM, ws);

        INDArray mean = ws.createUninitialized(ArrayType.INPUT, dataType, 1, channels);
        Nd4j.gemm(ones, in, mean, false, false, 1.0 / rows, 0.0);
        INDArray centred = ws.createUninitialized(ArrayType.INPUT, dataType, new long[] {rows, channels}, 'c');
        Nd4j.exec(new BroadcastSubOp(in, mean, centred, 1));

        INDArray out = ws.createUninitialized(ArrayType.ACTIVATIONS, dataType, x.shape(), 'c');
        INDArray out2d = out.reshape('c', rows, channels);
        // The squares go through the output array before the output is written.
        Nd4j.exec(new MulOp(centred, centred, out2d));
        INDArray variance = ws.createUninitialized(ArrayType.INPUT, dataType, 1, channels);
        Nd4j.gemm(ones, out2d, variance, false, false, 1.0 / rows, 0.0);

        INDArray invStd = ws.dup(ArrayType.INPUT, variance).addi(layerConf().getEps());
        Transforms.sqrt(invStd, false).rdivi(1.0);
        INDArray scale = ws.createUninitialized(ArrayType.INPUT, dataType, 1, channels);
        scale.assign(row(getParam(BatchNormalizationParamInitializer.GAMMA))).muli(invStd);
        Nd4j.exec(new BroadcastMulOp(centred, scale, out2d, 1));
        out2d.addiRowVector(row(getParam(BatchNormalizationParamInitializer.BETA)));
        batch = new Batch(centred, mean, variance, invStd, scale);
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr ws) {
        if (batch == null) {
            return super.backpropGradient(epsilon, ws);
        }
        Batch b = batch;
        batch = null;
        long rows = b.centred().size(0);
        long channels = b.centred().size(1);
        INDArray dOut = rowsByChannels(epsilon, rows, channels, ws);
        INDArray ones = ones(rows, ArrayType.BP_WORKING_MEM, ws);

        // dBeta = sum dOut; dGamma = sum dOut * xHat = invStd * sum dOut * centred.
        INDArray dBeta = Nd4j.gemm(ones, dOut, false, false);
        INDArray work = ws.createUninitialized(ArrayType.BP_WORKING_MEM, dataType, new long[] {rows, channels}, 'c');
        Nd4j.exec(new MulOp(dOut, b.centred(), work));
        INDArray dOutCentred = Nd4j.gemm(ones, work, false, false);
        INDArray dGamma = dOutCentred.mul(b.invStd());

        // dIn = scale * dOut - scale * dBeta / rows - centred * (scale * invStd * dGamma / rows)
        INDArray dIn = ws.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, epsilon.shape(), 'c');
        INDArray dIn2d = dIn.reshape('c', rows, channels);
        Nd4j.exec(new BroadcastMulOp(dOut, b.scale(), dIn2d, 1));
        INDArray perCentred = b.scale().mul(b.invStd()).muli(dGamma).divi(rows);
        Nd4j.exec(new BroadcastMulOp(b.centred(), perCentred, work, 1));
        dIn2d.subi(work);
        dIn2d.subiRowVector(b.scale().mul(dBeta).divi(rows));

        Gradient g = new DefaultGradient();
        g.setGradientFor(BatchNormalizationParamInitializer.GAMMA,
                assign(BatchNormalizationParamInitializer.GAMMA, dGamma));
        g.setGradientFor(BatchNormalizationParamInitializer.BETA,
                assign(BatchNormalizationParamInitializer.BETA, dBeta));
        runningStatistics(b, g);
        return new Pair<>(g, dIn);
    }

    /** The running statistics' steps, as DL4J's layer computes them (its updater subtracts them unchanged). */
    private void runningStatistics(Batch b, Gradient g) {
        double decay = layerConf().getDecay();
        INDArray runningMean = row(getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN));
        g.setGradientFor(BatchNormalizationParamInitializer.GLOBAL_MEAN,
                assign(BatchNormalizationParamInitializer.GLOBAL_MEAN, runningMean.sub(b.mean()).muli(1 - decay)));
        if (layerConf().isUseLogStd()) {
            INDArray log10Std = row(getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD));
            INDArray runningVar = Transforms.pow(Nd4j.valueArrayOf(log10Std.shape(), 10.0, dataType), log10Std, false);
            runningVar.muli(runningVar);
            INDArray updated = runningVar.mul(decay).addi(b.variance().mul(1 - decay));
            INDArray step = Transforms.log(runningVar.divi(updated), false).muli(ONE_OVER_2_LN_10);
            g.setGradientFor(BatchNormalizationParamInitializer.GLOBAL_LOG_STD,
                    assign(BatchNormalizationParamInitializer.GLOBAL_LOG_STD, step));
        } else {
            INDArray runningVar = row(getParam(BatchNormalizationParamInitializer.GLOBAL_VAR));
            g.setGradientFor(BatchNormalizationParamInitializer.GLOBAL_VAR, assign(
                    BatchNormalizationParamInitializer.GLOBAL_VAR, runningVar.sub(b.variance()).muli(1 - decay)));
        }
    }

    /** Writes {@code value} into the parameter's gradient view, which the updater reads. */
    private INDArray assign(String param, INDArray value) {
        INDArray view = gradientViews.get(param);
        row(view).assign(value);
        return view;
    }

    private static INDArray row(INDArray v) {
        return v.rank() == 2 && v.size(0) == 1 ? v : v.reshape(1, v.length());
    }

    /** NHWC data as a rows x channels matrix: a view when the array is dense in C order, else a copy. */
    private INDArray rowsByChannels(INDArray x, long rows, long channels, LayerWorkspaceMgr ws) {
        INDArray dense = x.ordering() == 'c' && Shape.hasDefaultStridesForShape(x) ? x
                : ws.dup(ArrayType.INPUT, x, 'c');
        return dense.reshape('c', rows, channels);
    }

    private INDArray ones(long rows, ArrayType type, LayerWorkspaceMgr ws) {
        return ws.createUninitialized(type, dataType, 1, rows).assign(1);
    }
}
