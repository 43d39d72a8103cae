package dev.slipway.engine.swarm;

/** The cluster's waits between polls; an interrupt ends the start with the step it interrupted. */
final class Pause {
    private Pause() {}

    static void millis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterStartException("waiting", e);
        }
    }
}
