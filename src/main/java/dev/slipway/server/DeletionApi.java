package dev.slipway.server;

import dev.slipway.deploy.Teardown;
import dev.slipway.project.InvalidInputException;
import dev.slipway.services.ServiceUnavailableException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;

/**
 * DELETE of environments and projects. Their databases, buckets and media directories are kept
 * unless {@code ?delete_data=true}; the answer says, per service, what was kept or deleted.
 */
final class DeletionApi {
    record Deleted(String deleted, boolean dataDeleted, List<Teardown.Report> environments) {}

    private final Teardown teardown;

    DeletionApi(Teardown teardown) {
        this.teardown = teardown;
    }

    void register(RoutesConfig r) {
        r.delete(Api.PREFIX + "/projects/{project}", ctx -> {
            boolean deleteData = deleteData(ctx);
            String project = ctx.pathParam("project");
            ctx.json(new Deleted("project " + project, deleteData, teardown.deleteProject(project, deleteData)));
        });
        r.delete(Api.PREFIX + "/projects/{project}/environments/{env}", ctx -> {
            boolean deleteData = deleteData(ctx);
            Teardown.Report report = teardown.deleteEnvironment(ctx.pathParam("project"), ctx.pathParam("env"), deleteData);
            ctx.json(new Deleted("environment " + report.project() + "/" + report.environment(), deleteData, List.of(report)));
        });
        // A service that does not answer is not the client's fault, and not an internal error either.
        r.exception(ServiceUnavailableException.class, (e, ctx) -> ApiErrors.answer(ctx, 503, e.getMessage(), null));
    }

    private static boolean deleteData(Context ctx) {
        String value = ctx.queryParam("delete_data");
        if (value == null || value.equals("false")) return false;
        if (value.equals("true")) return true;
        throw new InvalidInputException("delete_data", "delete_data must be true or false, not '" + value + "'");
    }
}
