package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.project.Deployment;
import dev.slipway.project.DeploymentStatus;
import dev.slipway.project.Environment;
import dev.slipway.project.Project;
import dev.slipway.project.StepOutcome;
import dev.slipway.project.StepRecord;
import dev.slipway.store.Store;
import dev.slipway.store.Stores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cancel of a running deployment, with recording steps and the embedded store: where it stops, what is undone, what it refuses. */
class PipelineCancelTest {
    @TempDir Path tmp;
    Store store;
    DeploymentContext context;
    final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        store = Stores.open(tmp, null);
        Project project = new Project("shop", "file:///nowhere", null, Instant.now());
        store.createProject(project, List.of(new Environment("shop", "test", null)));
        Deployment d = store.createDeployment("shop", "test", null, false, null);
        context = new DeploymentContext(d, project, new Environment("shop", "test", null), null, "abcdef123456",
                new DeploymentLog(store, d.id(), Clock.systemUTC(), SecretMask.NONE));
    }

    @AfterEach
    void tearDown() {
        Thread.interrupted();
        store.close();
    }

    @Test
    void aCancelWhileAStepWaitsStopsItThereUndoesWhatRanAndEndsCancelled() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        Step wait = new Recording("health") {
            @Override
            public void run(DeploymentContext c) throws Exception {
                super.run(c);
                waiting.countDown();
                Thread.sleep(30_000);
            }
        };
        Thread.ofVirtual().start(() -> {
            try {
                if (waiting.await(10, TimeUnit.SECONDS)) assertThat(context.cancellation.request()).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long started = System.nanoTime();

        DeploymentStatus status = pipeline(new Recording("start"), wait, new Recording("switch")).run(context);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the 30 s wait was cut short").isLessThan(Duration.ofSeconds(10));
        assertThat(status).isEqualTo(DeploymentStatus.CANCELLED);
        assertThat(events).containsExactly("run start", "run health", "undo health", "undo start");
        Deployment d = store.deployment(context.deployment().id()).orElseThrow();
        assertThat(d.status()).isEqualTo(DeploymentStatus.CANCELLED);
        assertThat(d.failedStep()).isEqualTo("health");
        assertThat(d.reason()).isEqualTo("cancelled during health; what it had added was removed");
        List<StepRecord> steps = store.steps(d.id());
        assertThat(steps).extracting(StepRecord::outcome).containsExactly(StepOutcome.SUCCEEDED, StepOutcome.FAILED);
        assertThat(steps.get(1).message()).isEqualTo("cancelled");
        assertThat(steps).allSatisfy(s -> assertThat(s.undoneAt()).as(s.name()).isNotNull());
        assertThat(Thread.currentThread().isInterrupted()).as("the deployment's thread goes on to the next one uninterrupted").isFalse();
    }

    @Test
    void aStepThatDoesNotWaitRunsToItsEndAndTheNextOneNeverStarts() {
        Step busy = new Recording("migrate") {
            @Override
            public void run(DeploymentContext c) throws Exception {
                super.run(c);
                context.cancellation.request();
                Thread.interrupted(); // as a step that swallows the interrupt and carries on
            }
        };

        DeploymentStatus status = pipeline(new Recording("start"), busy, new Recording("health"), new Recording("switch")).run(context);

        assertThat(status).isEqualTo(DeploymentStatus.CANCELLED);
        assertThat(events).containsExactly("run start", "run migrate", "undo migrate", "undo start");
        Deployment d = store.deployment(context.deployment().id()).orElseThrow();
        assertThat(d.failedStep()).isNull();
        assertThat(d.reason()).isEqualTo("cancelled before health; what it had added was removed");
    }

    @Test
    void aCancelOnceTheSwitchHasBegunIsRefusedAndTheDeploymentSucceeds() {
        AtomicBoolean taken = new AtomicBoolean(true);
        Step lastStep = new Recording("switch") {
            @Override
            public void run(DeploymentContext c) throws Exception {
                super.run(c);
                taken.set(context.cancellation.request());
            }
        };

        DeploymentStatus status = pipeline(new Recording("start"), lastStep).run(context);

        assertThat(taken).as("refused").isFalse();
        assertThat(status).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(events).containsExactly("run start", "run switch");
    }

    @Test
    void aCancelWhileAFailedStepIsUndoneIsRefusedAndTheUndoIsNotInterrupted() {
        AtomicBoolean taken = new AtomicBoolean(true);
        AtomicBoolean interrupted = new AtomicBoolean();
        Step failing = new Recording("health") {
            @Override
            public void run(DeploymentContext c) throws Exception {
                super.run(c);
                throw new StepFailedException("health broke");
            }

            @Override
            public void undo(DeploymentContext c) {
                super.undo(c);
                taken.set(context.cancellation.request());
                interrupted.set(Thread.currentThread().isInterrupted());
            }
        };

        DeploymentStatus status = pipeline(new Recording("start"), failing, new Recording("switch")).run(context);

        assertThat(taken).as("refused").isFalse();
        assertThat(interrupted).isFalse();
        assertThat(status).isEqualTo(DeploymentStatus.FAILED);
        assertThat(events).containsExactly("run start", "run health", "undo health", "undo start");
    }

    private Pipeline pipeline(Step... steps) {
        return new Pipeline(List.of(steps), List.of(), store, Clock.systemUTC());
    }

    private class Recording implements Step {
        private final String name;

        Recording(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void run(DeploymentContext c) throws Exception {
            events.add("run " + name);
        }

        @Override
        public void undo(DeploymentContext c) {
            events.add("undo " + name);
        }
    }
}
