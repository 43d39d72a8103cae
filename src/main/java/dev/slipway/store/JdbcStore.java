package dev.slipway.store;

import static dev.slipway.store.Jdbc.micros;

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
import java.sql.Connection;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * The Store over plain JDBC, in SQL that PostgreSQL and H2 (PostgreSQL mode) both run. Every call
 * borrows its own pooled connection, so one instance serves all threads.
 */
public final class JdbcStore implements Store {

    /** Longer lines are cut: H2 caps VARCHAR at 1,000,000 characters and no reader wants such a line whole. */
    static final int MAX_LOG_LINE = 100_000;

    private static final String DEPLOYMENT_COLUMNS =
            "id, project, environment, git_ref, commit_sha, status, failed_step, reason, rebuild, rollback_of, created_at, started_at, finished_at";
    private static final String RELEASE_COLUMNS =
            "r.id, r.project, r.environment, r.deployment_id, r.image, r.commit_sha, r.config_yaml, r.web_containers, r.process_containers, r.created_at";

    private final Jdbc jdbc;
    private final AutoCloseable pool;
    private final Builds builds;
    private final DomainStore domains;
    private final RepoSeal repos;
    /**
     * Appends to one deployment are serialized in this process so that their seq order is also their
     * commit order: a follower reading "after seq N" then never misses a line committed late.
     */
    private final ReentrantLock[] logLocks = new ReentrantLock[64];

    JdbcStore(Jdbc jdbc, AutoCloseable pool, SecretCipher cipher) {
        this.jdbc = jdbc;
        this.pool = pool;
        this.repos = new RepoSeal(cipher);
        this.builds = new JdbcBuilds(jdbc);
        this.domains = new JdbcDomains(jdbc);
        Arrays.setAll(logLocks, i -> new ReentrantLock());
    }

    Jdbc jdbc() {
        return jdbc;
    }

    @Override
    public DomainStore domains() {
        return domains;
    }

    @Override
    public void createProject(Project project, List<Environment> environments) {
        for (Environment env : environments) {
            if (!env.project().equals(project.name())) {
                throw new IllegalArgumentException("environment " + env.key() + " does not belong to project " + project.name());
            }
        }
        Instant created = project.createdAt() == null ? Instant.now() : project.createdAt();
        try {
            jdbc.inTransaction("create project", c -> {
                Jdbc.update(c, "INSERT INTO projects (name, repo_url, repo_sealed, mirror_of, created_at) VALUES (?, ?, ?, ?, ?)",
                        project.name(), RepoSeal.withoutUserPart(project.repoUrl()), repos.seal(project.name(), project.repoUrl()),
                        project.mirrorOf(), created);
                for (Environment env : environments) {
                    insertEnvironment(c, env);
                }
                return null;
            });
        } catch (StoreException e) {
            if (e.isUniqueViolation() && project(project.name()).isPresent()) {
                throw new InvalidInputException("name", "project '" + project.name() + "' already exists");
            }
            if (e.isUniqueViolation()) {
                throw new InvalidInputException("environments", "project '" + project.name() + "' lists an environment twice");
            }
            if (e.isMissingParent()) {
                throw new NotFoundException("project '" + project.mirrorOf() + "' (the original of mirror '" + project.name() + "') does not exist");
            }
            throw e;
        }
    }

    @Override
    public Optional<Project> project(String name) {
        return jdbc.queryOne("SELECT * FROM projects WHERE name = ?", this::project, name);
    }

    @Override
    public List<Project> projects() {
        return jdbc.query("SELECT * FROM projects ORDER BY name", this::project);
    }

    private Project project(java.sql.ResultSet rs) throws java.sql.SQLException {
        String name = rs.getString("name");
        String sealed = rs.getString("repo_sealed");
        String url = sealed == null ? rs.getString("repo_url") : repos.open(name, sealed);
        return new Project(name, url, rs.getString("mirror_of"), Jdbc.instant(rs, "created_at"));
    }

    /** Rows from before V6 hold the URL in plain text; done on every open, it finds none after the first. */
    void sealRepositoryUrls() {
        repos.sealUnsealedRows(jdbc);
    }

    @Override
    public void createEnvironment(Environment environment) {
        try {
            jdbc.inTransaction("create environment", c -> insertEnvironment(c, environment));
        } catch (StoreException e) {
            if (e.isUniqueViolation()) {
                throw new InvalidInputException("name", "environment '" + environment.name() + "' of project '" + environment.project() + "' already exists");
            }
            if (e.isMissingParent()) {
                throw new NotFoundException("project '" + environment.project() + "' does not exist");
            }
            throw e;
        }
    }

    private static int insertEnvironment(Connection c, Environment env) throws java.sql.SQLException {
        return Jdbc.update(c, "INSERT INTO environments (project, name, branch) VALUES (?, ?, ?)", env.project(), env.name(), env.branch());
    }

    @Override
    public Optional<Environment> environment(String project, String name) {
        return jdbc.queryOne("SELECT * FROM environments WHERE project = ? AND name = ?", Rows::environment, project, name);
    }

    @Override
    public List<Environment> environments(String project) {
        return jdbc.query("SELECT * FROM environments WHERE project = ? ORDER BY name", Rows::environment, project);
    }

    @Override
    public Deployment createDeployment(String project, String environment, String ref, boolean rebuild, Long rollbackOf) {
        Instant created = micros(Instant.now());
        try {
            long id = jdbc.insert("INSERT INTO deployments (project, environment, git_ref, status, rebuild, rollback_of, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)", "id", project, environment, ref, DeploymentStatus.QUEUED, rebuild, rollbackOf, created);
            return new Deployment(id, project, environment, ref, null, DeploymentStatus.QUEUED, null, null, rebuild, rollbackOf, created, null, null);
        } catch (StoreException e) {
            if (e.isMissingParent()) {
                throw new NotFoundException("environment '" + environment + "' of project '" + project + "' does not exist");
            }
            throw e;
        }
    }

    @Override
    public Optional<Deployment> deployment(long id) {
        return jdbc.queryOne("SELECT " + DEPLOYMENT_COLUMNS + " FROM deployments WHERE id = ?", Rows::deployment, id);
    }

    /** A {@code limit} of zero or less means no limit. */
    @Override
    public List<Deployment> deployments(String project, String environment, int limit) {
        return jdbc.newestFirst(DEPLOYMENT_COLUMNS, "deployments", "", Rows::deployment, project, environment, limit);
    }

    /** Oldest first, the order in which a restarted server should look at them. */
    @Override
    public List<Deployment> deploymentsIn(DeploymentStatus... statuses) {
        if (statuses.length == 0) {
            return List.of();
        }
        String marks = Collections.nCopies(statuses.length, "?").stream().collect(Collectors.joining(", "));
        return jdbc.query("SELECT " + DEPLOYMENT_COLUMNS + " FROM deployments WHERE status IN (" + marks + ") ORDER BY id",
                Rows::deployment, (Object[]) statuses);
    }

    @Override
    public boolean markStarted(long deploymentId, Instant at) {
        return fromQueued(deploymentId, jdbc.update("UPDATE deployments SET status = ?, started_at = ? WHERE id = ? AND status = ?",
                DeploymentStatus.RUNNING, at, deploymentId, DeploymentStatus.QUEUED));
    }

    @Override
    public boolean cancel(long deploymentId, String reason, Instant at) {
        return fromQueued(deploymentId, jdbc.update("UPDATE deployments SET status = ?, reason = ?, finished_at = ? WHERE id = ? AND status = ?",
                DeploymentStatus.CANCELLED, reason, at, deploymentId, DeploymentStatus.QUEUED));
    }

    /** One conditional UPDATE moves a deployment out of the queue, so a start and a cancel cannot both win. */
    private boolean fromQueued(long deploymentId, int updated) {
        if (updated == 0 && deployment(deploymentId).isEmpty()) {
            throw new NotFoundException("deployment " + deploymentId + " does not exist");
        }
        return updated == 1;
    }

    @Override
    public void setCommit(long deploymentId, String commit) {
        requireDeployment(deploymentId, jdbc.update("UPDATE deployments SET commit_sha = ? WHERE id = ?", commit, deploymentId));
    }

    @Override
    public void finish(long deploymentId, DeploymentStatus status, String failedStep, String reason, Instant at) {
        if (!status.isFinished()) {
            throw new IllegalArgumentException("a deployment cannot finish as " + status.label());
        }
        requireDeployment(deploymentId, jdbc.update("UPDATE deployments SET status = ?, failed_step = ?, reason = ?, finished_at = ? WHERE id = ?",
                status, failedStep, reason, at, deploymentId));
    }

    private static void requireDeployment(long id, int updated) {
        if (updated == 0) {
            throw new NotFoundException("deployment " + id + " does not exist");
        }
    }

    /** Recording a position again replaces it, so a pipeline that retries a step does not fail on bookkeeping. */
    @Override
    public void recordStep(StepRecord step) {
        try {
            jdbc.inTransaction("record step", c -> {
                int updated = Jdbc.update(c, "UPDATE deployment_steps SET name = ?, outcome = ?, started_at = ?, finished_at = ?, message = ?,"
                        + " undone_at = ?, undo_message = ? WHERE deployment_id = ? AND step_index = ?",
                        step.name(), step.outcome(), step.startedAt(), step.finishedAt(), step.message(), step.undoneAt(), step.undoMessage(),
                        step.deploymentId(), step.position());
                if (updated == 0) {
                    Jdbc.update(c, "INSERT INTO deployment_steps (deployment_id, step_index, name, outcome, started_at, finished_at, message,"
                            + " undone_at, undo_message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            step.deploymentId(), step.position(), step.name(), step.outcome(), step.startedAt(), step.finishedAt(), step.message(),
                            step.undoneAt(), step.undoMessage());
                }
                return null;
            });
        } catch (StoreException e) {
            if (e.isMissingParent()) {
                throw new NotFoundException("deployment " + step.deploymentId() + " does not exist");
            }
            throw e;
        }
    }

    @Override
    public void finishStep(long deploymentId, int position, StepOutcome outcome, Instant at, String message) {
        int updated = jdbc.update("UPDATE deployment_steps SET outcome = ?, finished_at = ?, message = ? WHERE deployment_id = ? AND step_index = ?",
                outcome, at, message, deploymentId, position);
        if (updated == 0) {
            throw new NotFoundException("deployment " + deploymentId + " has no step at position " + position);
        }
    }

    @Override
    public void undoneStep(long deploymentId, int position, Instant at, String message) {
        int updated = jdbc.update("UPDATE deployment_steps SET undone_at = ?, undo_message = ? WHERE deployment_id = ? AND step_index = ?",
                at, message, deploymentId, position);
        if (updated == 0) {
            throw new NotFoundException("deployment " + deploymentId + " has no step at position " + position);
        }
    }

    @Override
    public List<StepRecord> steps(long deploymentId) {
        return jdbc.query("SELECT * FROM deployment_steps WHERE deployment_id = ? ORDER BY step_index", Rows::step, deploymentId);
    }

    @Override
    public long appendLog(long deploymentId, Instant at, String step, String text) {
        String line = text.length() <= MAX_LOG_LINE ? text : text.substring(0, MAX_LOG_LINE) + " … (line cut at " + MAX_LOG_LINE + " characters)";
        ReentrantLock lock = logLocks[(int) Long.remainderUnsigned(deploymentId, logLocks.length)];
        lock.lock();
        try {
            return jdbc.insert("INSERT INTO deployment_log (deployment_id, logged_at, step, line) VALUES (?, ?, ?, ?)",
                    "seq", deploymentId, at, step, line);
        } catch (StoreException e) {
            if (e.isMissingParent()) {
                throw new NotFoundException("deployment " + deploymentId + " does not exist");
            }
            throw e;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long[] appendLogs(long deploymentId, Instant at, String step, List<String> texts) {
        ReentrantLock lock = logLocks[(int) Long.remainderUnsigned(deploymentId, logLocks.length)];
        lock.lock();
        try {
            // One commit for the chunk: each commit writes to the embedded database's file, which H2 does not
            // reuse for a while, so 60,000 one-line commits grew it by about 900 MB.
            return jdbc.inTransaction("appending log lines of deployment " + deploymentId, c -> {
                long[] seqs = new long[texts.size()];
                for (int i = 0; i < seqs.length; i++) {
                    String text = texts.get(i);
                    String line = text.length() <= MAX_LOG_LINE ? text : text.substring(0, MAX_LOG_LINE) + " … (line cut at " + MAX_LOG_LINE + " characters)";
                    seqs[i] = Jdbc.insert(c, "INSERT INTO deployment_log (deployment_id, logged_at, step, line) VALUES (?, ?, ?, ?)",
                            "seq", deploymentId, at, step, line);
                }
                return seqs;
            });
        } catch (StoreException e) {
            if (e.isMissingParent()) {
                throw new NotFoundException("deployment " + deploymentId + " does not exist");
            }
            throw e;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void dropLog(long deploymentId, long keptSeq, long lastSeq, String text) {
        ReentrantLock lock = logLocks[(int) Long.remainderUnsigned(deploymentId, logLocks.length)];
        lock.lock();
        try {
            jdbc.inTransaction("dropping log lines of deployment " + deploymentId, c -> {
                Jdbc.update(c, "DELETE FROM deployment_log WHERE deployment_id = ? AND seq > ? AND seq <= ?", deploymentId, keptSeq, lastSeq);
                return Jdbc.update(c, "UPDATE deployment_log SET line = ? WHERE deployment_id = ? AND seq = ?", text, deploymentId, keptSeq);
            });
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<LogLine> log(long deploymentId, long afterSeq) {
        return jdbc.query("SELECT * FROM deployment_log WHERE deployment_id = ? AND seq > ? ORDER BY seq", Rows::logLine, deploymentId, afterSeq);
    }

    @Override
    public Release createRelease(Release release) {
        Instant created = micros(release.createdAt() == null ? Instant.now() : release.createdAt());
        String web = Rows.joinIds(release.webContainers());
        String processes = Rows.joinIds(release.processContainers());
        try {
            long id = jdbc.inTransaction("create release", c -> {
                // A release's id is the id of the deployment that made it, so container labels
                // (slipway.release) name it before it exists.
                long newId = Jdbc.insert(c, "INSERT INTO releases (id, project, environment, deployment_id, image, commit_sha, config_yaml,"
                        + " web_containers, process_containers, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "id",
                        release.deploymentId(), release.project(), release.environment(), release.deploymentId(), release.image(), release.commit(),
                        release.configYaml(), web, processes, created);
                Jdbc.update(c, "UPDATE environments SET current_release_id = ? WHERE project = ? AND name = ?",
                        newId, release.project(), release.environment());
                return newId;
            });
            return new Release(id, release.project(), release.environment(), release.deploymentId(), release.image(), release.commit(),
                    release.configYaml(), List.copyOf(release.webContainers()), List.copyOf(release.processContainers()), created);
        } catch (StoreException e) {
            if (e.isMissingParent()) {
                throw new NotFoundException("environment '" + release.environment() + "' of project '" + release.project()
                        + "' or deployment " + release.deploymentId() + " does not exist");
            }
            throw e;
        }
    }

    @Override
    public Optional<Release> currentRelease(String project, String environment) {
        return jdbc.queryOne("SELECT " + RELEASE_COLUMNS + " FROM releases r JOIN environments e ON e.current_release_id = r.id"
                + " WHERE e.project = ? AND e.name = ?", Rows::release, project, environment);
    }

    @Override
    public Optional<Release> release(long id) {
        return jdbc.queryOne("SELECT " + RELEASE_COLUMNS + " FROM releases r WHERE r.id = ?", Rows::release, id);
    }

    /** {@code environment} null means all of the project's environments; a {@code limit} of zero or less means no limit. */
    @Override
    public List<Release> releases(String project, String environment, int limit) {
        return jdbc.newestFirst(RELEASE_COLUMNS, "releases r", "r.", Rows::release, project, environment, limit);
    }


    @Override
    public Builds builds() {
        return builds;
    }

    @Override
    public void close() {
        try {
            pool.close();
        } catch (Exception e) {
            throw new StoreException("closing the database failed: " + e.getMessage(), e);
        }
    }
}
