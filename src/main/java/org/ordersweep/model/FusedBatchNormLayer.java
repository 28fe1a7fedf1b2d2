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
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch normalization's training step for channels-last 4D input, and for a dense layer's features (2D input,
 * examples x features: the same rows x channels matrix), in a few passes over the data. DL4J 1.0.0-M2 takes
 * the per-channel variance with a strided reduction that was 15% of the reference CNN's training profile and adds
 * reductions and broadcasts around oneDNN's backward pass. Here the input is viewed as a rows x channels matrix:
 * per-channel sums are one matrix-vector product each (BLAS), everything else over the data is one element-wise pass or
 * one broadcast. The per-channel arithmetic between them (a few dozen floats) is done here in Java, in float and in
 * the order ND4J's ops did it: each ND4J op costs about 10 us however small its arrays, and as ops it was two thirds of
 * the layer's 42 ops a step. The running statistics get the same "gradients" as DL4J's layer (the mean's step is
 * (running - batch) x (1 - decay); the log10 std's log10 of running over updated std), so updater, parameter averaging
 * and serialisation see DL4J's layer. Inference, other input and other data types go to DL4J's own code.
 */
final class FusedBatchNormLayer extends BatchNormalization {

    private static final float ONE_OVER_2_LN_10 = (float) (1.0 / (2 * Math.log(10.0)));

    /** Kept from the training forward pass for the backward pass; null when DL4J's code ran it. */
    private Batch batch;

    /** The per-channel sums' left operand. */
    private final OnesRow ones = new OnesRow();

    private record Batch(INDArray centred, INDArray scaleRow, float[] mean, float[] variance, float[] invStd,
                         float[] scale) {
    }

    FusedBatchNormLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private boolean fusable(INDArray x, TrainingMode mode) {
        org.deeplearning4j.nn.conf.layers.BatchNormalization c = layerConf();
        boolean channelsLast = x.rank() == 2 || (x.rank() == 4 && c.getCnn2DFormat() == CNN2DFormat.NHWC);
        return mode == TrainingMode.TRAIN && channelsLast && !c.isLockGammaBeta() && dataType == DataType.FLOAT
                && x.dataType() == dataType;
    }

    @Override
    public INDArray preOutput(INDArray x, TrainingMode mode, LayerWorkspaceMgr ws) {
        batch = null;
        if (!fusable(x, mode)) {
            return super.preOutput(x, mode, ws);
        }
        int channels = (int) x.size(x.rank() - 1);
        long rows = x.length() / channels;
        INDArray in = rowsByChannels(x, rows, channels, ws);
        INDArray ones = this.ones.of(rows, dataType);

        INDArray meanRow = ws.createUninitialized(ArrayType.FF_WORKING_MEM, dataType, 1, channels);
        Nd4j.gemm(ones, in, meanRow, false, false, 1.0 / rows, 0.0);
        INDArray centred = ws.createUninitialized(ArrayType.INPUT, dataType, new long[] {rows, channels}, 'c');
        Nd4j.exec(new BroadcastSubOp(in, meanRow, centred, 1));

        INDArray out = ws.createUninitialized(ArrayType.ACTIVATIONS, dataType, x.shape(), 'c');
        INDArray out2d = out.reshape('c', rows, channels);
        // The squares go through the output array before the output is written.
        Nd4j.exec(new MulOp(centred, centred, out2d));
        INDArray varianceRow = ws.createUninitialized(ArrayType.FF_WORKING_MEM, dataType, 1, channels);
        Nd4j.gemm(ones, out2d, varianceRow, false, false, 1.0 / rows, 0.0);

        float[] variance = floats(varianceRow);
        float[] gamma = floats(row(getParam(BatchNormalizationParamInitializer.GAMMA)));
        float eps = (float) layerConf().getEps();
        float[] invStd = new float[channels];
        float[] scale = new float[channels];
        for (int c = 0; c < channels; c++) {
            invStd[c] = 1f / (float) Math.sqrt(variance[c] + eps);
            scale[c] = gamma[c] * invStd[c];
        }
        INDArray scaleRow = newRow(ArrayType.INPUT, scale, ws);
        Nd4j.exec(new BroadcastMulOp(centred, scaleRow, out2d, 1));
        out2d.addiRowVector(row(getParam(BatchNormalizationParamInitializer.BETA)));
        batch = new Batch(centred, scaleRow, floats(meanRow), variance, invStd, scale);
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
        int channels = (int) b.centred().size(1);
        INDArray dOut = rowsByChannels(epsilon, rows, channels, ws);
        INDArray ones = this.ones.of(rows, dataType);

        // dBeta = sum dOut; dGamma = sum dOut * xHat = invStd * sum dOut * centred.
        float[] dBeta = floats(Nd4j.gemm(ones, dOut, false, false));
        INDArray work = ws.createUninitialized(ArrayType.BP_WORKING_MEM, dataType, new long[] {rows, channels}, 'c');
        Nd4j.exec(new MulOp(dOut, b.centred(), work));
        float[] dOutCentred = floats(Nd4j.gemm(ones, work, false, false));

        // dIn = scale * dOut - centred * (scale * invStd * dGamma / rows) - scale * dBeta / rows
        float n = rows;
        float[] dGamma = new float[channels];
        float[] perCentred = new float[channels];
        float[] shift = new float[channels];
        for (int c = 0; c < channels; c++) {
            dGamma[c] = dOutCentred[c] * b.invStd()[c];
            perCentred[c] = b.scale()[c] * b.invStd()[c] * dGamma[c] / n;
            shift[c] = b.scale()[c] * dBeta[c] / n;
        }
        INDArray dIn = ws.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, epsilon.shape(), 'c');
        INDArray dIn2d = dIn.reshape('c', rows, channels);
        Nd4j.exec(new BroadcastMulOp(dOut, b.scaleRow(), dIn2d, 1));
        Nd4j.exec(new BroadcastMulOp(b.centred(), newRow(ArrayType.BP_WORKING_MEM, perCentred, ws), work, 1));
        dIn2d.subi(work);
        dIn2d.subiRowVector(newRow(ArrayType.BP_WORKING_MEM, shift, ws));

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
        float decay = (float) layerConf().getDecay();
        float keep = (float) (1 - layerConf().getDecay());
        int channels = b.mean().length;
        float[] runningMean = floats(row(getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN)));
        float[] meanStep = new float[channels];
        for (int c = 0; c < channels; c++) {
            meanStep[c] = (runningMean[c] - b.mean()[c]) * keep;
        }
        g.setGradientFor(BatchNormalizationParamInitializer.GLOBAL_MEAN,
                assign(BatchNormalizationParamInitializer.GLOBAL_MEAN, meanStep));
        boolean logStd = layerConf().isUseLogStd();
        String param = logStd ? BatchNormalizationParamInitializer.GLOBAL_LOG_STD
                : BatchNormalizationParamInitializer.GLOBAL_VAR;
        float[] running = floats(row(getParam(param)));
        float[] step = new float[channels];
        for (int c = 0; c < channels; c++) {
            if (logStd) {
                float std = (float) Math.pow(10.0, running[c]);
                float runningVar = std * std;
                float updated = runningVar * decay + b.variance()[c] * keep;
                step[c] = (float) Math.log(runningVar / updated) * ONE_OVER_2_LN_10;
            } else {
                step[c] = (running[c] - b.variance()[c]) * keep;
            }
        }
        g.setGradientFor(param, assign(param, step));
    }

    /** Writes {@code values} into the parameter's gradient view, which the updater reads. */
    private INDArray assign(String param, float[] values) {
        INDArray view = gradientViews.get(param);
        put(row(view), values);
        return view;
    }

    /** A per-channel row's values, element by element: no ND4J op (views of the parameters included). */
    private static float[] floats(INDArray row) {
        float[] v = new float[(int) row.length()];
        for (int i = 0; i < v.length; i++) {
            v[i] = row.getFloat(i);
        }
        return v;
    }

    /** A new 1 x channels row of the workspace's {@code type} holding {@code values}. */
    private INDArray newRow(ArrayType type, float[] values, LayerWorkspaceMgr ws) {
        return put(ws.createUninitialized(type, dataType, 1, values.length), values);
    }

    private static INDArray put(INDArray row, float[] values) {
        for (int i = 0; i < values.length; i++) {
            row.putScalar(i, values[i]);
        }
        return row;
    }

    private static INDArray row(INDArray v) {
        return v.rank() == 2 && v.size(0) == 1 ? v : v.reshape(1, v.length());
    }

    /** NHWC data as a rows x channels matrix: a view when the array is dense in C order, else a copy. */
    private INDArray rowsByChannels(INDArray x, long rows, long channels, LayerWorkspaceMgr ws) {
        INDArray dense = DenseFloats.dense(x) ? x
                : ws.dup(ArrayType.INPUT, x, 'c');
        return dense.reshape('c', rows, channels);
    }
}
