package dev.slipway.server;

import dev.slipway.build.GitCheckout;
import dev.slipway.project.NotFoundException;
import dev.slipway.project.Project;
import dev.slipway.store.Store;
import io.javalin.config.RoutesConfig;

/**
 * {@code GET /projects/{p}/refs}: the branches and tags of the project's repository with their commits, read
 * from the remote each time (ls-remote, nothing downloaded), so that a new tag shows without a deployment.
 */
final class RefsApi {
    private final Store store;
    private final GitCheckout git;

    RefsApi(Store store, GitCheckout git) {
        this.store = store;
        this.git = git;
    }

    void register(RoutesConfig r) {
        r.get(Api.PREFIX + "/projects/{project}/refs", ctx -> {
            String name = ctx.pathParam("project");
            Project project = store.project(name).orElseThrow(() -> new NotFoundException("project '" + name + "' not found"));
            ctx.json(git.refs(project.repoUrl()));
        });
    }
}
