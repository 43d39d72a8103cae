package dev.slipway.deploy;

import dev.slipway.project.ProjectConfig;
import dev.slipway.project.ProjectConfigParser;
import dev.slipway.project.Release;

/** A release keeps its config as YAML so that a rollback starts it exactly as it ran. */
final class Snapshots {
    private Snapshots() {}

    static ProjectConfig config(Release release) {
        return ProjectConfigParser.parseYaml(release.configYaml(), "release " + release.id() + " config");
    }

    static String yaml(ProjectConfig config) {
        return ProjectConfigParser.render(config);
    }
}
