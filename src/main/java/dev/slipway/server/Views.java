package dev.slipway.server;

import dev.slipway.build.GitCheckout;
import dev.slipway.project.Deployment;
import dev.slipway.project.Numbering;
import dev.slipway.project.Project;
import dev.slipway.project.Release;
import dev.slipway.project.StepRecord;
import java.time.Instant;
import java.util.List;

/** What the API answers with (and the CLI reads): requests and views, never secrets. */
public final class Views {
    private Views() {}

    public record CreateProject(String name, String repo, String mirrorOf) {}

    public record CreateEnvironment(String name, String branch) {}

    public record DeployRequest(String ref, Boolean rebuild, Boolean noQueue) {}

    public record RollbackRequest(Long release, Boolean noQueue) {}

    public record ProjectView(String name, String repo, String mirrorOf, Instant createdAt, List<EnvironmentView> environments) {
        static ProjectView of(Project p, List<EnvironmentView> environments) {
            return new ProjectView(p.name(), GitCheckout.redact(p.repoUrl()), p.mirrorOf(), p.createdAt(), environments);
        }
    }

    /**
     * {@code lastDeployment}: the newest deployment or rollback of the environment, whatever its status; null before the first.
     * {@code condition}: whether the current release's containers all run and answer ("healthy") or not ("degraded", with why).
     */
    public record EnvironmentView(String name, String branch, String url, boolean deploying, ReleaseView currentRelease, Deployment lastDeployment,
            dev.slipway.deploy.Supervisor.Condition condition) {}

    /**
     * {@code rollbackOf}: the release whose image this one runs again, when a rollback made it;
     * {@code summary}: how every output names it, e.g. "release 9 (rollback to release 5, commit 3fa9c1e2b4d5)".
     */
    public record ReleaseView(long id, long deploymentId, Long rollbackOf, String summary, String image, String commit,
            int webContainers, int processContainers, Instant createdAt) {
        static ReleaseView of(Release r, Long rollbackOf) {
            return r == null ? null : new ReleaseView(r.id(), r.deploymentId(), rollbackOf, Numbering.release(r.id(), rollbackOf, r.commit()),
                    r.image(), r.commit(), r.webContainers().size(), r.processContainers().size(), r.createdAt());
        }
    }

    /** {@code stillServing}: for a deployment that ended without succeeding, what kept serving (null otherwise). */
    public record DeploymentView(Deployment deployment, List<StepRecord> steps, BuildsApi.BuildView build, String stillServing) {}

    public record LogView(long deploymentId, List<dev.slipway.project.LogLine> lines, String status) {}
}
