package dev.slipway.deploy;

import dev.slipway.engine.ContainerEngine;
import dev.slipway.engine.ContainerState;
import dev.slipway.project.ProjectConfig;
import dev.slipway.router.Upstream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * Step 7: each new web container answers its health path directly (not through the router) with
 * {@code successes} consecutive 2xx/3xx answers before the deadline, and every new container, web or
 * process, is still running at the end.
 */
public final class AwaitHealthy implements Step {
    private static final Duration MAX_REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final ContainerEngine engine;
    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    public AwaitHealthy(ContainerEngine engine) {
        this.engine = engine;
    }

    @Override
    public String name() {
        return "health";
    }

    @Override
    public void run(DeploymentContext context) throws InterruptedException {
        ProjectConfig.Health health = context.config.web().health();
        Instant deadline = Instant.now().plus(health.timeout());
        context.upstreams.clear();
        for (String id : context.webContainers) {
            context.upstreams.add(awaitOne(context, id, health, deadline));
        }
        for (String id : context.processContainers) {
            ContainerState state = engine.inspect(id);
            if (!state.running()) {
                throw new StepFailedException(Containers.describe(engine, id, "process container " + state.name()));
            }
        }
    }

    private Upstream awaitOne(DeploymentContext context, String id, ProjectConfig.Health health, Instant deadline) throws InterruptedException {
        ContainerState state = engine.inspect(id);
        if (!state.running()) {
            // An exited container has no port mapping left: say why it exited, not that it has no port.
            throw new StepFailedException(Containers.describe(engine, id, "web container " + state.name()));
        }
        if (state.web() == null) {
            throw new StepFailedException("web container " + state.name() + " publishes no port");
        }
        Upstream upstream = Containers.upstream(state.web());
        URI uri = URI.create("http://" + upstream + health.path());
        Duration requestTimeout = health.interval().multipliedBy(5).compareTo(MAX_REQUEST_TIMEOUT) > 0 ? MAX_REQUEST_TIMEOUT : health.interval().multipliedBy(5);
        int consecutive = 0;
        String last = "no answer yet";
        boolean answered = false;
        while (true) {
            state = engine.inspect(id);
            if (!state.running()) {
                throw new StepFailedException(Containers.describe(engine, id, "web container " + state.name()));
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(uri).timeout(requestTimeout).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                last = "HTTP " + response.statusCode();
                answered = true;
                consecutive = response.statusCode() < 400 ? consecutive + 1 : 0;
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                consecutive = 0;
                // A request that timed out reached something that listens: that is not "nothing answered".
                answered |= e instanceof java.net.http.HttpTimeoutException;
            }
            if (consecutive >= health.successes()) {
                context.log().line(state.name() + " answered " + health.path() + " with " + last + " " + consecutive + " times");
                // What the app printed while it booted belongs in the deployment's log (masked like every line).
                for (String line : engine.logs(id, Containers.LOG_TAIL)) {
                    context.log().line(state.name() + " | " + line);
                }
                return upstream;
            }
            if (Instant.now().plus(health.interval()).isAfter(deadline)) {
                if (!answered) {
                    // Never one HTTP answer: almost always the app listens on another port than $PORT.
                    int port = context.config.web().port();
                    throw new StepFailedException(Containers.describe(engine, id, "web container " + state.name() + ": nothing answered on port "
                            + port + " in the container within " + health.timeout().toSeconds() + " s; does the app listen on $PORT (" + port
                            + ")? The container"));
                }
                throw new StepFailedException(Containers.describe(engine, id, "web container " + state.name()
                        + " did not pass the health check " + health.path() + " within " + health.timeout().toSeconds() + " s (last: " + last + "); it"));
            }
            Thread.sleep(health.interval().toMillis());
        }
    }
}
