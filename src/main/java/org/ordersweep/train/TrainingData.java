package org.ordersweep.train;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.nd4j.linalg.dataset.DataSet;
import org.ordersweep.data.LabelledData;
import org.ordersweep.model.InputShape;

import java.util.List;

/**
 * The sweep's data, batched once and shared by every trial: the training minibatches as one persisted RDD on the
 * executors, the held-out test set on the driver.
 */
public record TrainingData(JavaRDD<DataSet> train, int trainExamples, List<DataSet> testBatches, int testExamples,
                           InputShape shape) {

    /** The storage level DL4J's Direct training approach persists with; persisting at it ourselves is a no-op for it. */
    public static final StorageLevel STORAGE = StorageLevel.MEMORY_ONLY();
    private static final int TEST_BATCH = 256;

    public static TrainingData prepare(JavaSparkContext sc, LabelledData train, LabelledData test, int batchSize,
                                       int partitions) {
        JavaRDD<DataSet> rdd = sc.parallelize(train.batches(batchSize), partitions).setName("training minibatches");
        rdd.persist(STORAGE);
        rdd.count();
        return new TrainingData(rdd, train.size(), test.batches(TEST_BATCH), test.size(), train.shape());
    }

    public void release() {
        train.unpersist(false);
    }
}
