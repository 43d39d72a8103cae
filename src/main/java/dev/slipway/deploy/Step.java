package dev.slipway.deploy;

/**
 * One step of a deployment. A step only adds things in {@link #run}; {@link #undo} removes what it
 * added (called when this or a later step fails, also after a partial run). The {@link Pipeline} owns
 * ordering, timing, logging and undo.
 */
public interface Step {
    String name();

    void run(DeploymentContext context) throws Exception;

    default void undo(DeploymentContext context) {}
}
