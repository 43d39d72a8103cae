package dev.slipway.deploy;

import dev.slipway.project.DeploymentStatus;
import dev.slipway.project.Numbering;
import dev.slipway.project.StepOutcome;
import dev.slipway.project.StepRecord;
import dev.slipway.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Runs a deployment's steps in order and records each one's start, end, outcome and message. When a
 * step fails, every step that ran (the failed one included) is undone in reverse order, so the
 * environment is left exactly as it was, and each step's record says when it was undone. The {@code afterSwitch} steps (retire) run once the new
 * release is live: their failures are logged and never undo the switch.
 */
public final class Pipeline {
    private final List<Step> steps;
    private final List<Step> afterSwitch;
    private final Store store;
    private final Clock clock;

    public Pipeline(List<Step> steps, List<Step> afterSwitch, Store store, Clock clock) {
        this.steps = List.copyOf(steps);
        this.afterSwitch = List.copyOf(afterSwitch);
        this.store = store;
        this.clock = clock;
    }

    public List<String> stepNames() {
        return java.util.stream.Stream.concat(steps.stream(), afterSwitch.stream()).map(Step::name).toList();
    }

    /** Runs the deployment to its end and returns its final status. */
    public DeploymentStatus run(DeploymentContext context) {
        long id = context.deployment().id();
        DeploymentLog log = context.log();
        if (!store.markStarted(id, clock.instant())) {
            return DeploymentStatus.CANCELLED; // while it waited in the queue: nothing of it runs
        }
        Deque<Ran> ran = new ArrayDeque<>();
        int position = 0;
        for (Step step : steps) {
            position++;
            ran.push(new Ran(step, position));
            String failure = runStep(context, step, position);
            if (failure != null) {
                undo(context, ran);
                log.enter(step.name());
                log.line("deployment failed at " + step.name() + ": " + failure);
                log.line(stillServing(context));
                store.finish(id, DeploymentStatus.FAILED, step.name(), failure, clock.instant());
                return DeploymentStatus.FAILED;
            }
        }
        for (Step step : afterSwitch) {
            position++;
            String failure = runStep(context, step, position);
            if (failure != null) {
                log.line(step.name() + " did not complete (the new release is live): " + failure);
            }
        }
        store.finish(id, DeploymentStatus.SUCCEEDED, null, null, clock.instant());
        return DeploymentStatus.SUCCEEDED;
    }

    /** Returns null on success, the reason on failure. */
    private String runStep(DeploymentContext context, Step step, int position) {
        long id = context.deployment().id();
        DeploymentLog log = context.log();
        Instant start = clock.instant();
        store.recordStep(new StepRecord(id, position, step.name(), StepOutcome.RUNNING, start, null, null));
        log.enter(step.name());
        log.line("==> " + step.name());
        try {
            step.run(context);
            Instant end = clock.instant();
            store.finishStep(id, position, StepOutcome.SUCCEEDED, end, null);
            log.line("<== " + step.name() + " done in " + seconds(Duration.between(start, end)));
            return null;
        } catch (Exception | LinkageError e) {
            // The reason is shown by the API and may quote container output: mask it like the log.
            String reason = log.masked(reason(e));
            store.finishStep(id, position, StepOutcome.FAILED, clock.instant(), reason);
            return reason;
        }
    }

    private record Ran(Step step, int position) {}

    private void undo(DeploymentContext context, Deque<Ran> ran) {
        DeploymentLog log = context.log();
        for (Ran r : ran) {
            log.enter(r.step().name());
            String leftBehind = null;
            try {
                r.step().undo(context);
            } catch (RuntimeException e) {
                // Undo must go on with the other steps; recovery by labels removes whatever is left.
                leftBehind = log.masked(reason(e));
                log.line("undo of " + r.step().name() + " left something behind: " + leftBehind);
            }
            recordUndo(context, r.position(), leftBehind);
        }
    }

    private void recordUndo(DeploymentContext context, int position, String leftBehind) {
        try {
            store.undoneStep(context.deployment().id(), position, clock.instant(), leftBehind);
        } catch (RuntimeException e) {
            // The bookkeeping must not stop the undo of the steps before this one.
            context.log().line("could not record the undo of step " + position + ": " + reason(e));
        }
    }

    /** "release 7 (commit …) is still serving": what a failure leaves serving, as the API says it too. */
    private String stillServing(DeploymentContext context) {
        return stillServing(store, context.previous());
    }

    static String stillServing(Store store, java.util.Optional<dev.slipway.project.Release> serving) {
        return serving
                .map(r -> Numbering.stillServing(r.id(), store.deployment(r.deploymentId()).map(d -> d.rollbackOf()).orElse(null), r.commit()))
                .orElse(Numbering.NOTHING_SERVING);
    }

    static String reason(Throwable e) {
        String message = e.getMessage();
        if (e instanceof StepFailedException || e instanceof dev.slipway.project.InvalidInputException
                || e instanceof dev.slipway.engine.EngineException || e instanceof dev.slipway.services.ServiceUnavailableException) {
            return message;
        }
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
