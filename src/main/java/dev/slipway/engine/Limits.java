package dev.slipway.engine;

/**
 * Ceilings on what one container may use: memory in bytes (swap included, so the limit means what it
 * says), CPU in thousandths of a core (1000 = one core, as Kubernetes counts "1000m"), and processes.
 */
public record Limits(long memoryBytes, long milliCpus, long pids) {
    public Limits {
        if (memoryBytes <= 0 || milliCpus <= 0 || pids <= 0) {
            throw new IllegalArgumentException("limits must be positive: memory " + memoryBytes + ", milli-CPUs " + milliCpus + ", pids " + pids);
        }
    }
}
