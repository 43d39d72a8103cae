package dev.slipway.project;

public enum DeploymentStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED, INTERRUPTED;

    public boolean isFinished() {
        return this != QUEUED && this != RUNNING;
    }

    public String label() {
        return name().toLowerCase();
    }
}
