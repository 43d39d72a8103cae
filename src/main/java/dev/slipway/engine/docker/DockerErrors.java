package dev.slipway.engine.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.DockerException;
import dev.slipway.engine.EngineException;

import java.util.function.Supplier;

/**
 * Wraps docker-java's exceptions exactly once into {@link EngineException}, so callers see what was
 * being done and the daemon's own sentence instead of "Status 404: {json}".
 */
final class DockerErrors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DockerErrors() {}

    static <T> T call(String doing, Supplier<T> action) {
        try {
            return action.get();
        } catch (EngineException e) {
            throw e;
        } catch (RuntimeException e) {
            throw wrap(doing, e);
        }
    }

    static void run(String doing, Runnable action) {
        call(doing, () -> {
            action.run();
            return null;
        });
    }

    static EngineException wrap(String doing, Throwable e) {
        if (e instanceof EngineException engine) return engine;
        return new EngineException(doing + ": " + reason(e), e);
    }

    /** The daemon's message without the HTTP status and JSON envelope, or the transport's root cause. */
    static String reason(Throwable e) {
        if (e instanceof DockerException docker) return daemonMessage(docker);
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    // docker-java formats these as "Status 409: {\"message\":\"...\"}\n".
    private static String daemonMessage(DockerException e) {
        String raw = e.getMessage() == null ? "" : e.getMessage().trim();
        int brace = raw.indexOf('{');
        if (brace >= 0) {
            try {
                JsonNode node = JSON.readTree(raw.substring(brace));
                if (node.hasNonNull("message")) return node.get("message").asText();
            } catch (Exception notJson) {
                // fall through to the raw text
            }
        }
        return raw.isEmpty() ? "HTTP status " + e.getHttpStatus() : raw;
    }

    static EngineException interrupted(String doing) {
        Thread.currentThread().interrupt();
        return new EngineException(doing + ": interrupted");
    }
}
