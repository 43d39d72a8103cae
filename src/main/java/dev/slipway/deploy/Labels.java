package dev.slipway.deploy;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels on every container and image Slipway creates (DESIGN section 5), so that
 * {@code docker ps --filter label=slipway.project=NAME} shows the truth and a restarted server can
 * find what an interrupted deployment left behind. {@code slipway.instance} keeps two servers that
 * share one engine (two data folders) out of each other's containers.
 */
public final class Labels {
    public static final String INSTANCE = "slipway.instance";
    public static final String PROJECT = "slipway.project";
    public static final String ENVIRONMENT = "slipway.environment";
    public static final String DEPLOYMENT = "slipway.deployment";
    public static final String RELEASE = "slipway.release";
    public static final String ROLE = "slipway.role";

    public static final String ROLE_WEB = "web";
    public static final String ROLE_MIGRATE = "migrate";
    public static final String ROLE_PROCESS_PREFIX = "process:";

    private Labels() {}

    /** The first characters of the instance id, enough to keep two servers' names and tags apart. */
    static String shortInstance(String instanceId) {
        return instanceId.substring(0, Math.min(4, instanceId.length()));
    }

    /** The labels of what one deployment creates; {@code role} may be null (images). */
    public static Map<String, String> of(DeploymentContext context, String role) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(INSTANCE, context.instanceId());
        labels.put(PROJECT, context.project().name());
        labels.put(ENVIRONMENT, context.environment().name());
        labels.put(DEPLOYMENT, Long.toString(context.deployment().id()));
        // The release id is the deployment id: a release is what a succeeded deployment left running.
        labels.put(RELEASE, Long.toString(context.deployment().id()));
        if (role != null) {
            labels.put(ROLE, role);
        }
        return labels;
    }

    /** The labels of an environment's network, which outlives every deployment on it. */
    public static Map<String, String> ofNetwork(String instanceId, String project, String environment) {
        return Map.of(INSTANCE, instanceId, PROJECT, project, ENVIRONMENT, environment);
    }
}
