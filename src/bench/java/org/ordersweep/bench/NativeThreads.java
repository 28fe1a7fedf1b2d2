package org.ordersweep.bench;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The native thread counts ND4J works with, changed at run time so that one JVM can measure the plain path on all
 * cores and the Spark path with one thread per task (as sweeps run: OMP_NUM_THREADS=1 per task). OpenMP's count is
 * per calling thread: setting it here leaves Spark's executor threads at the environment's value. ND4J's own pool
 * and OpenBLAS are process-wide, so the Spark phases restore the values the process started with.
 */
final class NativeThreads {

    record Setting(int omp, int blas, int nd4j, int nd4jMaster) {
    }

    private NativeThreads() {
    }

    static Setting current() {
        return new Setting(NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads(),
                Nd4j.factory().blas().getMaxThreads(), Nd4j.getEnvironment().maxThreads(),
                Nd4j.getEnvironment().maxMasterThreads());
    }

    /** Uses {@code n} threads for this thread's native work (OpenMP, oneDNN), ND4J's pool and OpenBLAS. */
    static void use(int n) {
        apply(new Setting(n, n, n, n));
    }

    /** OpenMP's count for this thread only (the process-wide counts are the caller's to set). */
    static void useOnThisThread(int n) {
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(n);
    }

    static void apply(Setting s) {
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(s.omp());
        Nd4j.factory().blas().setMaxThreads(s.blas());
        Nd4j.getEnvironment().setMaxThreads(s.nd4j());
        Nd4j.getEnvironment().setMaxMasterThreads(s.nd4jMaster());
    }
}
