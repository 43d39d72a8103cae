package dev.slipway.engine.swarm;

import com.github.dockerjava.api.DockerClient;
import dev.slipway.engine.EngineException;
import dev.slipway.engine.LogSink;
import dev.slipway.engine.docker.LineSplitter;
import dev.slipway.engine.RunResult;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs a created one-off service: one task, its output streamed, its exit code from the task. A Swarm
 * log follow does not end with the task (it waits for the next one), so it is closed once the task has
 * ended and the whole log is read again for what it had not delivered yet. Removal is the caller's.
 */
final class SwarmOneOffRun {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final DockerClient docker;
    private final Services services;
    private final String id;
    private final Duration timeout;
    private final Duration startTimeout;
    private final LogSink log;

    SwarmOneOffRun(DockerClient docker, Services services, String id, Duration timeout, Duration startTimeout, LogSink log) {
        this.docker = docker;
        this.services = services;
        this.id = id;
        this.timeout = timeout;
        this.startTimeout = startTimeout;
        this.log = log;
    }

    RunResult call() {
        String name = services.require(id).path("Spec").path("Name").asText();
        String doing = "running one-off service " + name;
        services.scale(id, 1, null, false);
        LineSplitter streamed = new LineSplitter(log, SwarmContainerEngine.RUN_LAST_LINES);
        try (LineSplitter following = docker.logServiceCmd(id).withStdout(true).withStderr(true).withFollow(true).exec(streamed)) {
            Instant deadline = Instant.now().plus(timeout);
            SwarmTask task = services.awaitStarted(id, name, Set.of(), startTimeout);
            while (!task.terminal() && Instant.now().isBefore(deadline)) {
                Services.pause();
                task = SwarmTask.newest(services.tasks(id)).orElse(task);
            }
            boolean timedOut = !task.terminal();
            following.close();
            // Everything it wrote, including what the follow had not passed on when it was closed.
            LineSplitter whole = new LineSplitter(log, SwarmContainerEngine.RUN_LAST_LINES, streamed.lines());
            try (LineSplitter reading = docker.logServiceCmd(id).withStdout(true).withStderr(true).exec(whole)) {
                reading.awaitCompletion(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            whole.flush();
            // Killed by the removal after a timeout: there is no exit code yet, and -1 says so.
            int exitCode = timedOut || task.exitCode() == null ? -1 : task.exitCode();
            if (!timedOut && task.exitCode() == null) {
                throw new EngineException(doing + ": its task " + task.describe());
            }
            return new RunResult(exitCode, timedOut, whole.lastLines());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(doing + ": interrupted");
        } catch (IOException e) {
            throw new EngineException(doing + ": " + e.getMessage(), e);
        }
    }

}
