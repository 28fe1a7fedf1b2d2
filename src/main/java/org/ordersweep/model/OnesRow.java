package org.ordersweep.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A row of ones for column sums taken as one matrix product (ones x rows-by-columns), kept by a layer outside every
 * workspace and made again only when the batch's row count changes: filling it anew each pass was an ND4J op per pass.
 */
final class OnesRow {

    private INDArray ones;

    INDArray of(long rows, DataType type) {
        if (ones == null || ones.length() != rows || ones.dataType() != type) {
            try (MemoryWorkspace detached = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                ones = Nd4j.ones(type, 1, rows);
            }
        }
        return ones;
    }
}
