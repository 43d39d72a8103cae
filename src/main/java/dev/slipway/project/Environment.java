package dev.slipway.project;

import java.util.List;

/**
 * A named target of a project. {@code branch} is the ref deployed when none is given; null means the
 * repository's default branch (HEAD).
 */
public record Environment(String project, String name, String branch) {
    /** Every project starts with these, like Divio's test and live servers. */
    public static final List<String> DEFAULT_NAMES = List.of("test", "live");

    public Environment {
        Names.require("project", project);
        Names.require("environment", name);
    }

    /** The key used for locks, routes and labels: {@code project/env}. */
    public String key() {
        return project + "/" + name;
    }
}
