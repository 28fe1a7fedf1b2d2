package org.ordersweep.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic identities: a trial's id is a hash of everything that defines what it computes (configuration
 * fingerprint, data hash, ordering, activation, seed), never of time or position, so a rerun finds the same ids.
 */
public final class TrialIds {

    private TrialIds() {
    }

    public static String trialId(String configFingerprint, String dataHash, TrialSpec spec) {
        return sha256(configFingerprint + "\ndata=" + dataHash + "\nordering=" + spec.ordering().key()
                + "\nactivation=" + spec.activation().key() + "\nseed=" + spec.seedIndex()).substring(0, 16);
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
