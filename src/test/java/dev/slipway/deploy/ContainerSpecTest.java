package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.engine.ContainerSpec;
import dev.slipway.engine.Limits;
import dev.slipway.engine.Privileges;
import dev.slipway.project.Deployment;
import dev.slipway.project.Environment;
import dev.slipway.project.Project;
import dev.slipway.project.ProjectConfig;
import dev.slipway.store.Store;
import dev.slipway.store.Stores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a deployment asks the engine for, as data: the whole container spec, compared by equality. */
class ContainerSpecTest {
    private static final long MIB = 1024 * 1024;

    @TempDir Path tmp;
    Store store;
    DeploymentContext context;

    @BeforeEach
    void setUp() {
        store = Stores.open(tmp, null);
        Project project = new Project("shop", "file:///nowhere", null, Instant.now());
        store.createProject(project, List.of(new Environment("shop", "test", null)));
        Deployment d = store.createDeployment("shop", "test", null, false, null);
        context = new DeploymentContext(d, project, new Environment("shop", "test", null), null, "abcdef123456",
                new DeploymentLog(store, d.id(), Clock.systemUTC(), SecretMask.NONE));
        context.image = "slipway/shop:test-d" + d.id() + "-abcd";
        context.containerEnv.put("PORT", "8080");
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void aWorkerRunsOnItsEnvironmentsNetworkConfinedAndLimitedAsTheConfigSays() {
        context.config = new ProjectConfig(List.of(), ProjectConfig.Web.DEFAULT, List.of(), Map.of(), ProjectConfig.Build.DEFAULT,
                new ProjectConfig.Resources(96 * MIB, 500, 64));
        long id = context.deployment().id();

        ContainerSpec spec = Containers.spec(context, "process:worker", 2, "python3 worker.py");

        assertThat(spec).isEqualTo(new ContainerSpec(
                "slipway-shop-test-d" + id + "-process-worker-2-abcd",
                context.image,
                List.of("/bin/sh", "-c", "python3 worker.py"),
                Map.of("PORT", "8080"),
                Map.of("slipway.instance", "abcdef123456", "slipway.project", "shop", "slipway.environment", "test",
                        "slipway.deployment", Long.toString(id), "slipway.release", Long.toString(id), "slipway.role", "process:worker"),
                null,
                "slipway_shop_test_abcd",
                List.of("host.docker.internal:host-gateway"),
                Map.of(),
                new Limits(96 * MIB, 500, 64),
                new Privileges(List.of("CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "NET_BIND_SERVICE", "SETGID", "SETUID"), true)));
    }

    @Test
    void withoutAResourcesSectionTheDefaultLimitsApply() {
        context.config = ProjectConfig.DEFAULT;

        assertThat(Containers.spec(context, Labels.ROLE_MIGRATE, 1, "migrate").limits()).isEqualTo(new Limits(512 * MIB, 1000, 256));
    }

    @Test
    void environmentsWhoseNamesRunTogetherStillGetTwoNetworks() {
        assertThat(Containers.network("a-b", "c", "abcdef")).isNotEqualTo(Containers.network("a", "b-c", "abcdef"));
    }
}
