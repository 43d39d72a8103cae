package dev.slipway.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import dev.slipway.engine.EngineException;
import dev.slipway.engine.LogSink;
import dev.slipway.engine.RunResult;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Starts a created one-off container, streams its output, waits (killing it after the timeout). Removal is the caller's. */
final class OneOffRun {
    private final DockerClient docker;
    private final String id;
    private final Duration timeout;
    private final LogSink log;
    private final DockerContainerEngine engine;

    OneOffRun(DockerClient docker, String id, Duration timeout, LogSink log, DockerContainerEngine engine) {
        this.docker = docker;
        this.id = id;
        this.timeout = timeout;
        this.log = log;
        this.engine = engine;
    }

    RunResult call() {
        String doing = "running one-off container " + id;
        engine.start(id);
        LineSplitter output = new LineSplitter(log, DockerContainerEngine.RUN_LAST_LINES);
        // Following from the start includes what was printed before the follow began.
        try (LineSplitter following = docker.logContainerCmd(id)
                .withStdOut(true).withStdErr(true).withFollowStream(true)
                .exec(output);
             WaitContainerResultCallback waiting = docker.waitContainerCmd(id).exec(new WaitContainerResultCallback())) {
            long drainMillis = DockerContainerEngine.drainTimeout().toMillis();
            boolean timedOut = !waiting.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (timedOut) {
                engine.kill(id);
                waiting.awaitCompletion(drainMillis, TimeUnit.MILLISECONDS);
            }
            // The follow ends when the container does; a short bound keeps a stuck stream from hanging us.
            following.awaitCompletion(drainMillis, TimeUnit.MILLISECONDS);
            output.flush();
            LineSplitter whole = readAgainAfter(output, drainMillis);
            Integer exitCode = engine.inspect(id).exitCode();
            return new RunResult(exitCode == null ? -1 : exitCode, timedOut, whole.lastLines());
        } catch (InterruptedException e) {
            throw DockerErrors.interrupted(doing);
        } catch (EngineException e) {
            throw e;
        } catch (RuntimeException | IOException e) {
            throw DockerErrors.wrap(doing, e);
        }
    }

    /**
     * A follow can end before it has read what a quick process wrote last (seen with a one-line
     * {@code cat}: exit 0 and no output under load). Once the container has stopped the engine's log
     * is whole, so it is read again and the lines the follow missed are passed on.
     */
    private LineSplitter readAgainAfter(LineSplitter followed, long drainMillis) throws InterruptedException, IOException {
        LineSplitter whole = new LineSplitter(log, DockerContainerEngine.RUN_LAST_LINES, followed.lines());
        try (LineSplitter reading = docker.logContainerCmd(id).withStdOut(true).withStdErr(true).exec(whole)) {
            reading.awaitCompletion(drainMillis, TimeUnit.MILLISECONDS);
        }
        whole.flush();
        return whole;
    }
}
