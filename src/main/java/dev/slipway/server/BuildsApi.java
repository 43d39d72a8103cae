package dev.slipway.server;

import dev.slipway.project.BuildRecord;
import dev.slipway.project.InvalidInputException;
import dev.slipway.project.NotFoundException;
import dev.slipway.build.drift.DriftDetector;
import dev.slipway.build.drift.DriftOptions;
import dev.slipway.build.drift.DriftReport;
import dev.slipway.build.drift.SourceFiles;
import dev.slipway.engine.ContainerEngine;
import dev.slipway.store.Builds;
import dev.slipway.store.Store;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;

/** Build records over the API: {@code GET /projects/{p}/builds[?environment=E&limit=N]} and {@code GET /builds/{id}}. */
final class BuildsApi {
    private final Store store;
    private final ContainerEngine engine;

    BuildsApi(Store store, ContainerEngine engine) {
        this.store = store;
        this.engine = engine;
    }

    void register(RoutesConfig r) {
        r.get(Api.PREFIX + "/projects/{project}/builds", this::list);
        r.get(Api.PREFIX + "/builds/{id}", ctx -> {
            long id = number(ctx.pathParam("id"), "id");
            ctx.json(BuildView.of(store.builds().build(id).orElseThrow(() -> new NotFoundException("build " + id + " not found"))));
        });
        r.get(Api.PREFIX + "/builds/{id}/drift", this::drift);
    }

    /**
     * Without {@code against}: the report made when the build finished (against the earlier build of
     * its commit). With it: a report against that build, made now from the two images.
     */
    private void drift(Context ctx) {
        BuildRecord build = build(number(ctx.pathParam("id"), "id"));
        String against = ctx.queryParam("against");
        if (against == null) {
            Builds.Drift stored = store.builds().drift(build.id()).orElseThrow(() -> new NotFoundException(
                    "build " + build.id() + " has no drift report: no earlier build of commit " + build.commit() + " was there to compare with; ask with ?against=BUILD"));
            ctx.json(new DriftView(stored.against(), build.id(), stored.lines()));
            return;
        }
        BuildRecord earlier = build(number(against, "against"));
        for (BuildRecord b : List.of(earlier, build)) {
            if (!engine.imageExists(b.image())) {
                throw new InvalidInputException("against", "the image of build " + b.id() + " (" + b.image() + ") has been pruned");
            }
        }
        DriftReport report = new DriftDetector(engine, DriftOptions.DEFAULTS).compare(earlier.image(), build.image(), null, SourceFiles.none());
        ctx.json(new DriftView(earlier.id(), build.id(), report.lines()));
    }

    public record DriftView(long buildA, long buildB, List<String> lines) {}

    private BuildRecord build(long id) {
        return store.builds().build(id).orElseThrow(() -> new NotFoundException("build " + id + " not found"));
    }

    private void list(Context ctx) {
        String project = ctx.pathParam("project");
        store.project(project).orElseThrow(() -> new NotFoundException("project '" + project + "' not found"));
        String env = ctx.queryParam("environment");
        if (env != null && store.environment(project, env).isEmpty()) {
            throw new NotFoundException("environment '" + env + "' of project '" + project + "' not found");
        }
        String limitParam = ctx.queryParam("limit");
        long limit = limitParam == null ? 50 : number(limitParam, "limit");
        if (limit < 1 || limit > 1000) throw new InvalidInputException("limit", "limit must be between 1 and 1000");
        ctx.json(store.builds().ofProject(project, env, (int) limit).stream().map(BuildView::of).toList());
    }

    private static long number(String value, String field) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field, "'" + value + "' is not a number");
        }
    }

    /** A build record as the API shows it; {@code log} is where the step log of its deployment is. */
    public record BuildView(long id, String project, String environment, long deploymentId, String commit, String kind, boolean reused,
            Long reusedFrom, String trigger, String dockerfile, String dockerfileDigest, String baseImage, String baseImageId,
            boolean noCache, boolean pulledBaseImage, Long durationMs, String image, String imageId, Long imageSize,
            List<String> advisories, String log, Instant createdAt, Instant prunedAt) {

        static BuildView of(BuildRecord b) {
            if (b == null) return null;
            return new BuildView(b.id(), b.project(), b.environment(), b.deploymentId(), b.commit(), b.kind().name().toLowerCase(java.util.Locale.ROOT),
                    b.kind().reused(), b.reusedFrom(), b.triggeredBy(), b.dockerfile(), b.dockerfileDigest(), b.baseImage(), b.baseImageId(),
                    b.noCache(), b.pulled(), b.duration() == null ? null : b.duration().toMillis(), b.image(), b.imageId(), b.imageSize(),
                    b.advisories(), Api.PREFIX + "/deployments/" + b.deploymentId() + "/log", b.createdAt(), b.prunedAt());
        }
    }
}
