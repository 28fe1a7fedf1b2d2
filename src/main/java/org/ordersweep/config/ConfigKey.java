package org.ordersweep.config;

/**
 * One configuration key, described once: its type and allowed values, its default, what it means, and whether its
 * value is part of a trial's identity.
 */
public record ConfigKey(String name, ValueType type, Object defaultValue, String meaning, Identity identity) {

    /**
     * Whether a key's value can change what a trial computes, and so belongs in its id (docs/analysis.md,
     * "Identity"). A key that cannot is left out, so changing it between runs of a sweep resumes the same trials.
     */
    public enum Identity {
        /** Changes every trial's result: the model, the training settings, the master seed. */
        TRIAL("trial"),
        /**
         * Changes every trial's result when set; at its default it builds exactly the network that was built before
         * the key existed, so it is left out of ids then and recorded sweeps keep theirs.
         */
        TRIAL_WHEN_SET("trial, when set"),
        /** Changes results only when successive halving is on (its rungs, its validation split). */
        WHEN_HALVING("trial, with halving"),
        /** Changes results only in data-parallel mode (how often workers average). */
        WHEN_AVERAGING("trial, in data-parallel"),
        /**
         * How trials run: the configured value defines the sweep; the mode and workers the sweep decided at its first
         * run (recorded, reused on resume) are part of each trial's id.
         */
        EXECUTION("execution"),
        /**
         * Cannot change a trial's result: names, paths, parallelism, retries, Spark settings; the search space (each
         * trial's id has its own ordering, activation and seed index); the data keys (the id has the data's content
         * hash instead).
         */
        NONE("-");

        private final String label;

        Identity(String label) {
            this.label = label;
        }

        /** As the configuration reference (docs/configuration.md) shows it. */
        public String label() {
            return label;
        }
    }
}
