package org.nd4j.nativeblas;

/**
 * Lets DL4J 1.0.0-M2 find out that oneDNN is available. Its layer-helper check looks up
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment.isUseMKLDNN()}, but nd4j-native M2 ships that class under
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings} with the method renamed {@code isUseONEDNN}; without this bridge the
 * check fails and every convolution, batch norm and pooling layer runs without its oneDNN helper (about 3x slower).
 */
public final class Nd4jCpu {

    private Nd4jCpu() {
    }

    public static final class Environment {

        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        public boolean isUseMKLDNN() {
            return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
        }

        public boolean helpersAllowed() {
            return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().helpersAllowed();
        }

        public void allowHelpers(boolean allow) {
            org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().allowHelpers(allow);
        }
    }
}
