package dev.slipway.project;

public enum StepOutcome {
    RUNNING, SUCCEEDED, FAILED, SKIPPED, UNDONE;

    public String label() {
        return name().toLowerCase();
    }
}
