package org.ordersweep.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic identities: a trial's id is a hash of everything that defines what it computes (configuration
 * fingerprint, data hash, ordering, activation, learning rate, seed), never of time or position, so a rerun finds the
 * same ids.
 */
public final class TrialIds {

    private TrialIds() {
    }

    /**
     * @param baseRate train.learning-rate, which the fingerprint already holds: a trial at that rate has the id it had
     *                 before rates could be swept, so adding rates to a recorded sweep keeps its trials
     */
    public static String trialId(String configFingerprint, String dataHash, TrialSpec spec, double baseRate) {
        String rate = spec.learningRate() == baseRate ? "" : "\nlearning-rate=" + Setting.rate(spec.learningRate());
        return sha256(configFingerprint + "\ndata=" + dataHash + "\nordering=" + spec.ordering().key()
                + "\nactivation=" + spec.activation().key() + rate + "\nseed=" + spec.seedIndex()).substring(0, 16);
    }

    public static String sweepId(String configFingerprint, String dataHash) {
        return sha256(configFingerprint + "\ndata=" + dataHash).substring(0, 12);
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
