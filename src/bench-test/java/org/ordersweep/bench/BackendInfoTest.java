package org.ordersweep.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BackendInfoTest {

    @Test
    void classifierComesFromTheNativeJarsName() {
        assertEquals("linux-x86_64-onednn", BackendInfo.classifierOf(
                "/root/.m2/repository/org/nd4j/nd4j-native/1.0.0-M2/nd4j-native-1.0.0-M2-linux-x86_64-onednn.jar"));
        assertEquals("linux-x86_64-onednn-avx512",
                BackendInfo.classifierOf("nd4j-native-1.0.0-M2.1-linux-x86_64-onednn-avx512.jar"));
        assertEquals("linux-x86_64-avx2", BackendInfo.classifierOf("nd4j-native-1.0.0-beta7-linux-x86_64-avx2.jar"));
        assertEquals("macosx-arm64", BackendInfo.classifierOf("nd4j-native-1.0.0-M2-macosx-arm64.jar"));
    }

    @Test
    void jarsWithoutNativesHaveNoClassifier() {
        assertEquals("unknown", BackendInfo.classifierOf("/x/nd4j-native-1.0.0-M2.jar"));
        assertEquals("unknown", BackendInfo.classifierOf("/x/nd4j-native-preset-1.0.0-M2-linux-x86_64.jar"));
        assertEquals("unknown", BackendInfo.classifierOf("/x/target/classes"));
        assertEquals("unknown", BackendInfo.classifierOf(null));
    }
}
