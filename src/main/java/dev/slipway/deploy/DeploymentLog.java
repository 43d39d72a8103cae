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
    private volatile SecretMask mask;
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

    /** Masks these values too from now on (credentials a service provisioned during the deployment). */
    public synchronized void protect(java.util.Collection<String> secrets) {
        mask = mask.with(secrets);
    }

    /** The text as the log would store it: for failure reasons that the API shows. */
    public String masked(String text) {
        return text == null ? null : mask.apply(text);
    }

    @Override
    public void line(String text) {
        store.appendLog(deploymentId, clock.instant(), step, mask.apply(text));
    }
}
