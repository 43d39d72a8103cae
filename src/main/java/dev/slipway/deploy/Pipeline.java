package dev.slipway.deploy;

import dev.slipway.project.DeploymentStatus;
import dev.slipway.project.Numbering;
import dev.slipway.project.StepOutcome;
import dev.slipway.project.StepRecord;
import dev.slipway.store.Store;
import dev.slipway.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a deployment's steps in order and records each one's start, end, outcome and message. When a
 * step fails, every step that ran (the failed one included) is undone in reverse order, so the
 * environment is left exactly as it was, and each step's record says when it was undone. The {@code afterSwitch} steps (retire) run once the new
 * release is live: their failures are logged and never undo the switch.
 */
public final class Pipeline {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    /** How long a deployment's end waits for its store to answer again; a restart of PostgreSQL takes seconds. */
    static final Duration STORE_OUTAGE_WAIT = Duration.ofMinutes(3);
    private static final Duration STORE_RETRY = Duration.ofSeconds(1);

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
        Cancellation cancellation = context.cancellation;
        cancellation.runBy(Thread.currentThread());
        for (Step step : steps) {
            position++;
            // The last step is the switch: from its start on, a cancel is refused, as its undo cannot take a release back.
            boolean last = step == steps.getLast();
            if (cancellation.requested() || (last && !cancellation.commit())) {
                return cancelled(context, ran, null, step.name());
            }
            ran.push(new Ran(step, position));
            Failed failed = runStep(context, step, position);
            if (failed != null && cancellation.requested()) {
                return cancelled(context, ran, new Failed("cancelled", failed.at()), step.name());
            }
            if (failed != null) {
                // Failing: a cancel from now on would only interrupt the undo.
                cancellation.close();
                Thread.interrupted();
                // Undo first, recording after: the undo needs only the engine, and the store may be what failed.
                List<Undone> undone = undo(context, ran);
                int failedAt = position;
                whenStored(id, false, () -> store.finishStep(id, failedAt, StepOutcome.FAILED, failed.at(), failed.reason()));
                for (Undone u : undone) {
                    whenStored(id, false, () -> store.undoneStep(id, u.position(), u.at(), u.leftBehind()));
                }
                logQuietly(log, step.name(), "deployment failed at " + step.name() + ": " + failed.reason());
                logQuietly(log, step.name(), stillServing(context));
                Instant end = clock.instant();
                whenStored(id, true, () -> store.finish(id, DeploymentStatus.FAILED, step.name(), failed.reason(), end));
                return DeploymentStatus.FAILED;
            }
        }
        for (Step step : afterSwitch) {
            position++;
            Failed failed = runStep(context, step, position);
            if (failed != null) {
                int failedAt = position;
                whenStored(id, false, () -> store.finishStep(id, failedAt, StepOutcome.FAILED, failed.at(), failed.reason()));
                logQuietly(log, step.name(), step.name() + " did not complete (the new release is live): " + failed.reason());
            }
        }
        Instant end = clock.instant();
        whenStored(id, true, () -> store.finish(id, DeploymentStatus.SUCCEEDED, null, null, end));
        return DeploymentStatus.SUCCEEDED;
    }

    private record Failed(String reason, Instant at) {}

    /**
     * Ends a deployment whose cancel was asked for as a failure would: what it added is undone, the release
     * serving goes on serving. {@code stopped}: how the step that ran ended (null when none was running);
     * {@code step}: the step it was in, or about to start.
     */
    private DeploymentStatus cancelled(DeploymentContext context, Deque<Ran> ran, Failed stopped, String step) {
        context.cancellation.acknowledge();
        long id = context.deployment().id();
        DeploymentLog log = context.log();
        List<Undone> undone = undo(context, ran);
        if (stopped != null) {
            int at = ran.peek().position();
            whenStored(id, false, () -> store.finishStep(id, at, StepOutcome.FAILED, stopped.at(), stopped.reason()));
        }
        for (Undone u : undone) {
            whenStored(id, false, () -> store.undoneStep(id, u.position(), u.at(), u.leftBehind()));
        }
        boolean leftBehind = undone.stream().anyMatch(u -> u.leftBehind() != null);
        String reason = (stopped != null ? "cancelled during " : "cancelled before ") + step
                + (ran.isEmpty() ? "" : leftBehind ? "; its undo left something behind (see its steps)" : "; what it had added was removed");
        logQuietly(log, step, "deployment " + reason);
        logQuietly(log, step, stillServing(context));
        Instant end = clock.instant();
        whenStored(id, true, () -> store.finish(id, DeploymentStatus.CANCELLED, stopped != null ? step : null, reason, end));
        return DeploymentStatus.CANCELLED;
    }

    /** Returns null on success; a failure is recorded by the caller, after the undo. */
    private Failed runStep(DeploymentContext context, Step step, int position) {
        long id = context.deployment().id();
        DeploymentLog log = context.log();
        Instant start = clock.instant();
        log.enter(step.name());
        try {
            store.recordStep(new StepRecord(id, position, step.name(), StepOutcome.RUNNING, start, null, null));
            log.line("==> " + step.name());
            step.run(context);
            Instant end = clock.instant();
            store.finishStep(id, position, StepOutcome.SUCCEEDED, end, null);
            log.line("<== " + step.name() + " done in " + seconds(Duration.between(start, end)));
            return null;
        } catch (Exception | LinkageError e) {
            // The reason is shown by the API and may quote container output: mask it like the log.
            return new Failed(log.masked(reason(e)), clock.instant());
        }
    }

    /**
     * Writes how a step or the deployment ended, waiting for the store while it does not answer (Slipway's own
     * PostgreSQL restarting): a deployment must not stay "running" once the database is back. Bounded:
     * past {@link #STORE_OUTAGE_WAIT} the write is given up and the next start's recovery ends it.
     * {@code mustStore}: any other failure is thrown; otherwise (a step's record, which may never have
     * been written while the store was down) it is logged and the deployment goes on to its end.
     */
    private void whenStored(long id, boolean mustStore, Runnable write) {
        Instant giveUp = clock.instant().plus(STORE_OUTAGE_WAIT);
        while (true) {
            try {
                write.run();
                return;
            } catch (StoreException e) {
                if (!e.isOutage()) {
                    if (mustStore) throw e;
                    LOG.warn("deployment {}: a step's record was not stored: {}", id, e.getMessage());
                    return;
                }
                if (clock.instant().isAfter(giveUp)) {
                    LOG.error("deployment {}: its end could not be stored ({}); the next start of the server will end it", id, e.getMessage());
                    return;
                }
                LOG.warn("deployment {}: waiting for the database to store its end: {}", id, e.driverMessage());
                try {
                    Thread.sleep(STORE_RETRY.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            } catch (RuntimeException e) {
                if (mustStore) throw e;
                LOG.warn("deployment {}: a step's record was not stored: {}", id, e.getMessage());
                return;
            }
        }
    }

    /** A log line that is lost rather than thrown when the store is down: the deployment's end matters more. */
    private static void logQuietly(DeploymentLog log, String step, String line) {
        log.enter(step);
        try {
            log.line(line);
        } catch (StoreException e) {
            LOG.warn("a deployment log line was not stored ({}): {}", e.driverMessage(), line);
        }
    }

    private record Ran(Step step, int position) {}

    private record Undone(int position, Instant at, String leftBehind) {}

    /** Undoes every step that ran, last first, and returns what to record of each. */
    private List<Undone> undo(DeploymentContext context, Deque<Ran> ran) {
        DeploymentLog log = context.log();
        List<Undone> undone = new ArrayList<>();
        for (Ran r : ran) {
            log.enter(r.step().name());
            String leftBehind = null;
            try {
                r.step().undo(context);
            } catch (RuntimeException e) {
                // Undo must go on with the other steps; recovery by labels removes whatever is left.
                leftBehind = log.masked(reason(e));
                logQuietly(log, r.step().name(), "undo of " + r.step().name() + " left something behind: " + leftBehind);
            }
            undone.add(new Undone(r.position(), clock.instant(), leftBehind));
        }
        return undone;
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
        for (Throwable t = e; t != null; t = t.getCause()) {
            // Also when it reached us through the engine, as the log sink of a migration's output.
            if (t instanceof StoreException store && store.isOutage()) {
                return "Slipway's own database stopped answering during the deployment (" + store.driverMessage() + ")";
            }
        }
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
