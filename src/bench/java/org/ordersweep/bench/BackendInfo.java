package org.ordersweep.bench;

import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.factory.Nd4j;
import org.ordersweep.model.Network;
import org.ordersweep.results.Provenance;

import java.io.File;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which native code the DL4J numbers come from: the nd4j-native jar actually on the classpath (the pom's classifier
 * says what was asked for, not what loaded), ND4J's backend and BLAS, and whether the oneDNN layer helpers are in use.
 */
public record BackendInfo(String classifier, String backend, String blasVendor, boolean onednn,
                          boolean helpersAllowed, String ompNumThreadsEnv) {

    private static final Pattern NATIVE_JAR =
            Pattern.compile("nd4j-native-(\\d.*?)-((?:linux|macosx|windows|android|ios)-[A-Za-z0-9_-]+)\\.jar");

    /** Native builds nd4j-native 1.0.0-M2 publishes, most specific first (for a classpath without jar names). */
    private static final List<String> KNOWN = List.of("linux-x86_64-onednn-avx512", "linux-x86_64-onednn-avx2",
            "linux-x86_64-onednn", "linux-x86_64-avx512", "linux-x86_64-avx2", "linux-x86_64", "linux-arm64",
            "linux-ppc64le", "macosx-x86_64", "macosx-arm64", "windows-x86_64");

    public static BackendInfo detect() {
        return new BackendInfo(nativeClassifier(), Provenance.nativeBackend(),
                Nd4j.getExecutioner().getEnvironmentInformation().getProperty("blas.vendor", "?"),
                org.nd4j.nativeblas.Nd4jCpu.Environment.getInstance().isUseMKLDNN(),
                !Boolean.parseBoolean(System.getProperty("org.eclipse.deeplearning4j.helpers.disable", "true")),
                System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
    }

    /** The classifier in an nd4j-native jar's file name ("unknown" when the name does not say). */
    static String classifierOf(String jarFileName) {
        if (jarFileName == null) {
            return "unknown";
        }
        Matcher m = NATIVE_JAR.matcher(jarFileName.substring(jarFileName.lastIndexOf('/') + 1));
        return m.matches() ? m.group(2) : "unknown";
    }

    /**
     * The nd4j-native jar with natives on the classpath (the Java classes live in the jar without a classifier);
     * inside an application jar, the folder its natives are packed under.
     */
    static String nativeClassifier() {
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            String c = classifierOf(entry);
            if (!c.equals("unknown")) {
                return c;
            }
        }
        for (String c : KNOWN) {
            if (BackendInfo.class.getClassLoader().getResource("org/nd4j/linalg/cpu/nativecpu/bindings/" + c + "/")
                    != null) {
                return c;
            }
        }
        return "unknown";
    }

    /**
     * The layer helpers a trained network really uses (e.g. MKLDNNConvHelper); "none" when every layer runs DL4J's
     * own code. Read after the network has run: helpers are created lazily.
     */
    public static String layerHelpers(Network net) {
        Set<String> names = new LinkedHashSet<>();
        for (Layer layer : net.layers()) {
            try {
                Object helper = layer.getClass().getMethod("getHelper").invoke(layer);
                if (helper != null) {
                    names.add(helper.getClass().getSimpleName());
                }
            } catch (ReflectiveOperationException e) {
                // This layer type has no helper slot.
            }
        }
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}
