package org.ordersweep.plan;

/**
 * Why a class left the seed race.
 *
 * @param afterSeeds the seeds the class had when it left
 * @param notOk      it left because a trial of its diverged or failed (nothing to compare it by), not because a
 *                   comparison ruled it out
 */
public record RaceExit(int afterSeeds, boolean notOk) {

    /** The reason as reports and the summary tables write it. */
    public String text() {
        return notOk ? "out of the seed race after " + afterSeeds + " seeds: a trial of its diverged or failed"
                : "ruled out by the seed race after " + afterSeeds + " seeds";
    }
}
