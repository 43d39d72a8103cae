package dev.slipway.project;

/**
 * How a step's run ended. An undo is not an outcome: it is recorded beside it ({@link StepRecord#undoneAt()}),
 * so that the record still says which step failed and which ones had succeeded before it.
 */
public enum StepOutcome {
    RUNNING, SUCCEEDED, FAILED;

    public String label() {
        return name().toLowerCase();
    }
}
