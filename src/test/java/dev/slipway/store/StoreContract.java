package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.project.Deployment;
import dev.slipway.project.DeploymentStatus;
import dev.slipway.project.Environment;
import dev.slipway.project.InvalidInputException;
import dev.slipway.project.LogLine;
import dev.slipway.project.NotFoundException;
import dev.slipway.project.Project;
import dev.slipway.project.Release;
import dev.slipway.project.StepOutcome;
import dev.slipway.project.StepRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every Store must do; each database runs it against a fresh, empty store. */
abstract class StoreContract {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123456Z");

    protected Store store;

    protected abstract Store openStore();

    @BeforeEach
    void openFreshStore() {
        store = openStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    static Project project(String name) {
        return new Project(name, "https://git.example.com/" + name + ".git", null, T0);
    }

    static List<Environment> defaults(String project) {
        return Environment.DEFAULT_NAMES.stream().map(env -> new Environment(project, env, null)).toList();
    }

    void createShop() {
        store.createProject(project("shop"), defaults("shop"));
    }

    @Test
    void createdProjectsAreListedWithTheirDefaultEnvironments() {
        createShop();
        store.createProject(new Project("blog", "https://git.example.com/blog.git", "shop", T0), defaults("blog"));

        assertThat(store.projects()).containsExactly(
                new Project("blog", "https://git.example.com/blog.git", "shop", T0), project("shop"));
        assertThat(store.project("shop")).contains(project("shop"));
        assertThat(store.project("nope")).isEmpty();
        assertThat(store.environments("shop")).extracting(Environment::name).containsExactlyInAnyOrder("test", "live");
        assertThat(store.environment("shop", "live")).contains(new Environment("shop", "live", null));
    }

    @Test
    void takenProjectNameIsRefused() {
        createShop();

        assertThatThrownBy(() -> store.createProject(project("shop"), defaults("shop")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("project 'shop' already exists")
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("name");
        assertThat(store.environments("shop")).hasSize(2);
    }

    @Test
    void mirrorOfUnknownProjectIsNotFound() {
        assertThatThrownBy(() -> store.createProject(new Project("copy", "https://x/y.git", "ghost", T0), defaults("copy")))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("ghost");
        assertThat(store.project("copy")).isEmpty();
    }

    @Test
    void environmentCanBeAddedOnceToAnExistingProject() {
        createShop();
        store.createEnvironment(new Environment("shop", "staging", "develop"));

        assertThat(store.environment("shop", "staging")).contains(new Environment("shop", "staging", "develop"));
        assertThat(store.environments("shop")).extracting(Environment::name).containsExactly("live", "staging", "test");
        assertThatThrownBy(() -> store.createEnvironment(new Environment("shop", "staging", null)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'staging'").hasMessageContaining("already exists");
        assertThatThrownBy(() -> store.createEnvironment(new Environment("ghost", "staging", null)))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("'ghost'");
    }

    @Test
    void deploymentGoesFromQueuedThroughRunningToSucceededWithItsCommit() {
        createShop();
        Deployment queued = store.createDeployment("shop", "test", "main", true, null);

        assertThat(queued.id()).isPositive();
        assertThat(queued.status()).isEqualTo(DeploymentStatus.QUEUED);
        assertThat(store.deployment(queued.id())).contains(queued);

        store.markStarted(queued.id(), T0);
        store.setCommit(queued.id(), "0123456789abcdef0123456789abcdef01234567");
        store.finish(queued.id(), DeploymentStatus.SUCCEEDED, null, null, T0.plusSeconds(42));

        Deployment done = store.deployment(queued.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(done.commit()).isEqualTo("0123456789abcdef0123456789abcdef01234567");
        assertThat(done.ref()).isEqualTo("main");
        assertThat(done.rebuild()).isTrue();
        assertThat(done.rollbackOf()).isNull();
        assertThat(done.startedAt()).isEqualTo(T0);
        assertThat(done.finishedAt()).isEqualTo(T0.plusSeconds(42));
        assertThat(done.createdAt()).isEqualTo(queued.createdAt());
    }

    @Test
    void failedDeploymentKeepsItsStepAndReason() {
        createShop();
        long id = store.createDeployment("shop", "live", null, false, 7L).id();
        store.finish(id, DeploymentStatus.FAILED, "health", "GET / answered 500 three times", T0);

        Deployment failed = store.deployment(id).orElseThrow();
        assertThat(failed.failedStep()).isEqualTo("health");
        assertThat(failed.reason()).isEqualTo("GET / answered 500 three times");
        assertThat(failed.rollbackOf()).isEqualTo(7L);
        assertThatThrownBy(() -> store.finish(id, DeploymentStatus.RUNNING, null, null, T0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownDeploymentsAndEnvironmentsAreNotFound() {
        createShop();
        assertThat(store.deployment(999)).isEmpty();
        assertThatThrownBy(() -> store.markStarted(999, T0)).isInstanceOf(NotFoundException.class).hasMessage("deployment 999 does not exist");
        assertThatThrownBy(() -> store.createDeployment("shop", "staging", null, false, null))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("'staging'");
        assertThatThrownBy(() -> store.appendLog(999, T0, "build", "x")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void stepsAreRecordedThenFinishedInPositionOrder() {
        createShop();
        long id = store.createDeployment("shop", "test", "main", false, null).id();
        store.recordStep(new StepRecord(id, 2, "build", StepOutcome.RUNNING, T0.plusSeconds(2), null, null));
        store.recordStep(new StepRecord(id, 1, "checkout", StepOutcome.SUCCEEDED, T0, T0.plusSeconds(1), "at abc123"));
        store.finishStep(id, 2, StepOutcome.FAILED, T0.plusSeconds(9), "RUN make: exit 2");

        assertThat(store.steps(id)).containsExactly(
                new StepRecord(id, 1, "checkout", StepOutcome.SUCCEEDED, T0, T0.plusSeconds(1), "at abc123"),
                new StepRecord(id, 2, "build", StepOutcome.FAILED, T0.plusSeconds(2), T0.plusSeconds(9), "RUN make: exit 2"));
        assertThatThrownBy(() -> store.finishStep(id, 3, StepOutcome.SUCCEEDED, T0, null)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void anUndoIsRecordedBesideTheStepsOutcome() {
        createShop();
        long id = store.createDeployment("shop", "test", "main", false, null).id();
        store.recordStep(new StepRecord(id, 1, "start", StepOutcome.SUCCEEDED, T0, T0.plusSeconds(1), null));
        store.recordStep(new StepRecord(id, 2, "migrate", StepOutcome.FAILED, T0.plusSeconds(1), T0.plusSeconds(3), "exit 1"));
        store.undoneStep(id, 2, T0.plusSeconds(4), null);
        store.undoneStep(id, 1, T0.plusSeconds(5), "container abc is still there");

        assertThat(store.steps(id)).containsExactly(
                new StepRecord(id, 1, "start", StepOutcome.SUCCEEDED, T0, T0.plusSeconds(1), null, T0.plusSeconds(5), "container abc is still there"),
                new StepRecord(id, 2, "migrate", StepOutcome.FAILED, T0.plusSeconds(1), T0.plusSeconds(3), "exit 1", T0.plusSeconds(4), null));
        assertThatThrownBy(() -> store.undoneStep(id, 3, T0, null)).isInstanceOf(NotFoundException.class).hasMessageContaining("position 3");
    }

    @Test
    void logLinesAreReadInOrderAfterAGivenSeq() {
        createShop();
        long id = store.createDeployment("shop", "test", "main", false, null).id();
        long other = store.createDeployment("shop", "live", "main", false, null).id();
        long first = store.appendLog(id, T0, "checkout", "cloning");
        store.appendLog(other, T0, "checkout", "someone else's line");
        long second = store.appendLog(id, T0.plusMillis(1), "build", "Step 1/3 : FROM busybox:1.36");
        long third = store.appendLog(id, T0.plusMillis(2), "build", "ünïcode ✓ and 'quotes'");

        assertThat(first).isPositive();
        assertThat(second).isGreaterThan(first);
        assertThat(third).isGreaterThan(second);
        assertThat(store.log(id, 0)).extracting(LogLine::text).containsExactly("cloning", "Step 1/3 : FROM busybox:1.36", "ünïcode ✓ and 'quotes'");
        assertThat(store.log(id, first)).containsExactly(
                new LogLine(id, second, T0.plusMillis(1), "build", "Step 1/3 : FROM busybox:1.36"),
                new LogLine(id, third, T0.plusMillis(2), "build", "ünïcode ✓ and 'quotes'"));
        assertThat(store.log(id, third)).isEmpty();
    }

    @Test
    void deploymentsInFindsOnlyThoseInTheGivenStatuses() {
        createShop();
        long running = store.createDeployment("shop", "test", "main", false, null).id();
        long queued = store.createDeployment("shop", "test", "main", false, null).id();
        long done = store.createDeployment("shop", "live", "main", false, null).id();
        store.markStarted(running, T0);
        store.markStarted(done, T0);
        store.finish(done, DeploymentStatus.SUCCEEDED, null, null, T0);

        assertThat(store.deploymentsIn(DeploymentStatus.RUNNING, DeploymentStatus.QUEUED)).extracting(Deployment::id).containsExactly(running, queued);
        assertThat(store.deploymentsIn(DeploymentStatus.SUCCEEDED)).extracting(Deployment::id).containsExactly(done);
        assertThat(store.deploymentsIn()).isEmpty();
    }

    @Test
    void deploymentsAreListedNewestFirstAndFilteredByEnvironment() {
        createShop();
        long a = store.createDeployment("shop", "test", "main", false, null).id();
        long b = store.createDeployment("shop", "live", "main", false, null).id();
        long c = store.createDeployment("shop", "test", "v2", false, null).id();
        store.createProject(project("blog"), defaults("blog"));
        store.createDeployment("blog", "test", "main", false, null);

        assertThat(store.deployments("shop", null, 10)).extracting(Deployment::id).containsExactly(c, b, a);
        assertThat(store.deployments("shop", "test", 10)).extracting(Deployment::id).containsExactly(c, a);
        assertThat(store.deployments("shop", "test", 1)).extracting(Deployment::id).containsExactly(c);
        assertThat(store.deployments("shop", "staging", 10)).isEmpty();
    }

    @Test
    void createdReleaseBecomesCurrentAndReleasesAreListedNewestFirst() {
        createShop();
        assertThat(store.currentRelease("shop", "test")).isEmpty();
        long d1 = store.createDeployment("shop", "test", "main", false, null).id();
        long d2 = store.createDeployment("shop", "test", "main", false, null).id();

        Release first = store.createRelease(new Release(0, "shop", "test", d1, "slipway/shop:1", "abc", "web: {port: 8080}\n",
                List.of("c1a", "c1b"), List.of(), T0));
        Release second = store.createRelease(new Release(0, "shop", "test", d2, "slipway/shop:2", "def", null,
                List.of("c2"), List.of("w1", "w2"), T0.plusSeconds(60)));

        assertThat(second.id()).isGreaterThan(first.id());
        assertThat(store.currentRelease("shop", "test")).contains(second);
        assertThat(store.currentRelease("shop", "live")).isEmpty();
        assertThat(store.release(first.id())).contains(first);
        assertThat(store.release(first.id()).orElseThrow().webContainers()).containsExactly("c1a", "c1b");
        assertThat(store.release(first.id()).orElseThrow().processContainers()).isEmpty();
        assertThat(store.release(second.id() + 100)).isEmpty();
        assertThat(store.releases("shop", "test", 10)).containsExactly(second, first);
        assertThat(store.releases("shop", "test", 1)).containsExactly(second);
        assertThat(store.releases("shop", "live", 10)).isEmpty();
    }

    @Test
    void concurrentAppendsFromFourThreadsKeepEveryLineInOrderPerThread() throws Exception {
        createShop();
        long id = store.createDeployment("shop", "test", "main", false, null).id();
        int threads = 4;
        int perThread = 200;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String name = "t" + t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        store.appendLog(id, T0, name, name + "-" + i);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        List<LogLine> lines = store.log(id, 0);
        assertThat(lines).hasSize(threads * perThread);
        assertThat(lines).extracting(LogLine::seq).isSorted().doesNotHaveDuplicates();
        for (int t = 0; t < threads; t++) {
            String name = "t" + t;
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                expected.add(name + "-" + i);
            }
            assertThat(lines.stream().filter(l -> l.step().equals(name)).map(LogLine::text).toList()).isEqualTo(expected);
        }
    }

    @Test
    void repositoryCredentialsAreStoredSealed() {
        String url = "https://deploy:s3cret-token-42@git.example.com/shop.git";
        store.createProject(new Project("shop", url, null, T0), defaults("shop"));

        assertThat(store.project("shop").orElseThrow().repoUrl()).isEqualTo(url);
        assertThat(store.projects()).extracting(Project::repoUrl).containsExactly(url);
        assertThat(rawProjectRow("shop")).doesNotContain("s3cret-token-42").contains("https://git.example.com/shop.git");
    }

    @Test
    void plainRepositoryUrlsWrittenBeforeSealingAreSealedWhenTheStoreOpens() {
        String url = "https://x-access-token:ghp_0ld-plain-token@git.example.com/shop.git";
        ((JdbcStore) store).jdbc().inTransaction("a row as written before V6", c -> Jdbc.update(c,
                "INSERT INTO projects (name, repo_url, mirror_of, created_at) VALUES (?, ?, ?, ?)", "shop", url, null, T0));
        assertThat(store.project("shop").orElseThrow().repoUrl()).isEqualTo(url);

        ((JdbcStore) store).sealRepositoryUrls();

        assertThat(rawProjectRow("shop")).doesNotContain("ghp_0ld-plain-token");
        assertThat(store.project("shop").orElseThrow().repoUrl()).isEqualTo(url);
    }

    /** Every column of the project's row, as a dump of the database would show it. */
    private String rawProjectRow(String name) {
        return ((JdbcStore) store).jdbc().queryOne("SELECT * FROM projects WHERE name = ?", rs -> {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) row.append(rs.getString(i)).append(" | ");
            return row.toString();
        }, name).orElseThrow();
    }
}
