package dev.slipway.testing;

import java.util.HashMap;
import java.util.Map;

/**
 * Test projects: busybox httpd serving a page that names the version, a worker, a migration. Each
 * method returns the files of one commit; tests break one thing at a time.
 */
public final class Apps {
    private Apps() {}

    public static final String DOCKERFILE = """
            FROM busybox:1.36
            COPY www /www
            CMD ["sh", "-c", "exec httpd -f -p \\"$PORT\\" -h /www"]
            """;

    public static final String CONFIG = """
            web:
              port: 8080
              health:
                path: /
                timeout: 15s
                interval: 200ms
                successes: 2
              drain_timeout: 5s
            migrate:
              - echo "migration ran for $SLIPWAY_ENVIRONMENT"
            processes:
              worker:
                command: echo "worker up"; while true; do sleep 1; done
            """;

    /**
     * {@link #CONFIG} without the migration and the worker: for tests about something else (images, the UI),
     * whose every deployment then skips the process check window (3 s of waiting) and a one-off container.
     */
    public static final String WEB_ONLY_CONFIG = """
            web:
              port: 8080
              health:
                path: /
                timeout: 15s
                interval: 200ms
                successes: 2
              drain_timeout: 5s
            """;

    /** {@link #version} with {@link #WEB_ONLY_CONFIG}. */
    public static Map<String, String> webOnly(String version) {
        return with(version(version), "slipway.yaml", WEB_ONLY_CONFIG);
    }

    public static Map<String, String> version(String version) {
        Map<String, String> files = new HashMap<>();
        files.put("Dockerfile", DOCKERFILE);
        files.put("slipway.yaml", CONFIG);
        files.put("www/index.html", "version " + version + "\n");
        return files;
    }

    public static Map<String, String> with(Map<String, String> files, String path, String content) {
        Map<String, String> copy = new HashMap<>(files);
        copy.put(path, content);
        return copy;
    }
}
