package dev.slipway.deploy;

import dev.slipway.engine.LogSink;
import dev.slipway.store.Store;
import java.time.Clock;

/**
 * A deployment's log: every line is stored with the step that wrote it. The stored log is the one
 * stream that the CLI, the API and the UI follow, so it survives a restart of the server.
 */
public final class DeploymentLog implements LogSink {
    private final Store store;
    private final long deploymentId;
    private final Clock clock;
    private final SecretMask mask;
    private volatile String step = "";

    public DeploymentLog(Store store, long deploymentId, Clock clock, SecretMask mask) {
        this.store = store;
        this.deploymentId = deploymentId;
        this.clock = clock;
        this.mask = mask;
    }

    void enter(String stepName) {
        this.step = stepName;
    }

    @Override
    public void line(String text) {
        store.appendLog(deploymentId, clock.instant(), step, mask.apply(text));
    }
}
