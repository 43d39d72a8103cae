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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline's own rules, with recording steps and the embedded store: order, records, undo. */
class PipelineTest {
    @TempDir Path tmp;
    Store store;
    DeploymentContext context;
    final List<String> events = new ArrayList<>();

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
        store.close();
    }

    @Test
    void stepsRunInOrderAndEachIsRecorded() {
        DeploymentStatus status = pipeline(List.of(step("a", false), step("b", false)), List.of(step("c", false))).run(context);
        assertThat(status).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(events).containsExactly("run a", "run b", "run c");
        List<StepRecord> steps = store.steps(context.deployment().id());
        assertThat(steps).extracting(StepRecord::name).containsExactly("a", "b", "c");
        assertThat(steps).allSatisfy(s -> {
            assertThat(s.outcome()).isEqualTo(StepOutcome.SUCCEEDED);
            assertThat(s.finishedAt()).isAfterOrEqualTo(s.startedAt());
        });
        assertThat(store.deployment(context.deployment().id()).orElseThrow().status()).isEqualTo(DeploymentStatus.SUCCEEDED);
    }

    @Test
    void aFailedStepUndoesEveryStepThatRanInReverseOrder() {
        DeploymentStatus status = pipeline(List.of(step("a", false), step("b", false), step("c", true), step("d", false)), List.of(step("e", false)))
                .run(context);
        assertThat(status).isEqualTo(DeploymentStatus.FAILED);
        assertThat(events).containsExactly("run a", "run b", "run c", "undo c", "undo b", "undo a");
        Deployment d = store.deployment(context.deployment().id()).orElseThrow();
        assertThat(d.failedStep()).isEqualTo("c");
        assertThat(d.reason()).isEqualTo("c broke");
        assertThat(store.steps(d.id())).extracting(StepRecord::outcome)
                .containsExactly(StepOutcome.SUCCEEDED, StepOutcome.SUCCEEDED, StepOutcome.FAILED);
        assertThat(store.log(d.id(), 0)).extracting(l -> l.text()).contains("deployment failed at c: c broke");
    }

    @Test
    void aFailureAfterTheSwitchIsLoggedAndNeverUndoesIt() {
        DeploymentStatus status = pipeline(List.of(step("a", false)), List.of(step("retire", true))).run(context);
        assertThat(status).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(events).containsExactly("run a", "run retire");
        assertThat(store.log(context.deployment().id(), 0)).extracting(l -> l.text())
                .anyMatch(t -> t.contains("retire did not complete") && t.contains("retire broke"));
    }

    @Test
    void anUndoThatFailsDoesNotStopTheOthers() {
        Step badUndo = new Step() {
            public String name() { return "b"; }
            public void run(DeploymentContext c) { events.add("run b"); }
            public void undo(DeploymentContext c) { events.add("undo b"); throw new IllegalStateException("engine gone"); }
        };
        pipeline(List.of(step("a", false), badUndo, step("c", true)), List.of()).run(context);
        assertThat(events).containsExactly("run a", "run b", "run c", "undo c", "undo b", "undo a");
    }

    @Test
    void eachUndoneStepRecordsItsUndoAndWhatItLeftBehind() {
        Step badUndo = new Step() {
            public String name() { return "b"; }
            public void run(DeploymentContext c) { events.add("run b"); }
            public void undo(DeploymentContext c) { throw new IllegalStateException("container slipway-x still there"); }
        };
        pipeline(List.of(step("a", false), badUndo, step("c", true), step("d", false)), List.of(step("e", false))).run(context);

        List<StepRecord> steps = store.steps(context.deployment().id());
        assertThat(steps).extracting(StepRecord::name).containsExactly("a", "b", "c");
        assertThat(steps).extracting(StepRecord::outcome).as("an undo keeps how the run ended")
                .containsExactly(StepOutcome.SUCCEEDED, StepOutcome.SUCCEEDED, StepOutcome.FAILED);
        assertThat(steps).allSatisfy(s -> assertThat(s.undoneAt()).as(s.name()).isNotNull().isAfterOrEqualTo(s.finishedAt()));
        assertThat(steps.get(2).undoneAt()).as("undone in reverse order").isBeforeOrEqualTo(steps.get(1).undoneAt());
        assertThat(steps.get(1).undoneAt()).isBeforeOrEqualTo(steps.get(0).undoneAt());
        assertThat(steps).extracting(StepRecord::undoMessage).containsExactly(null, "IllegalStateException: container slipway-x still there", null);
    }

    @Test
    void aSucceededDeploymentUndoesNothing() {
        pipeline(List.of(step("a", false), step("b", false)), List.of(step("c", false))).run(context);
        assertThat(store.steps(context.deployment().id())).extracting(StepRecord::undoneAt).containsOnlyNulls();
    }

    @Test
    void secretsAreMaskedInTheStoredLog() {
        DeploymentLog log = new DeploymentLog(store, context.deployment().id(), Clock.systemUTC(), new SecretMask(List.of("hunter22", "ab")));
        log.line("password is hunter22, short ab stays");
        assertThat(store.log(context.deployment().id(), 0)).extracting(l -> l.text()).containsExactly("password is ******, short ab stays");
    }

    private Pipeline pipeline(List<Step> steps, List<Step> after) {
        return new Pipeline(steps, after, store, Clock.systemUTC());
    }

    private Step step(String name, boolean fails) {
        return new Step() {
            public String name() { return name; }
            public void run(DeploymentContext c) {
                events.add("run " + name);
                if (fails) throw new StepFailedException(name + " broke");
            }
            public void undo(DeploymentContext c) { events.add("undo " + name); }
        };
    }
}
