package dev.slipway.deploy;

import dev.slipway.build.GitCheckout;
import dev.slipway.engine.ContainerEngine;
import dev.slipway.router.Routes;
import dev.slipway.services.Services;
import dev.slipway.store.Store;
import java.nio.file.Path;
import java.time.Clock;

/** What deployments work with; {@code instanceId} tells this server's containers from another's. */
public record DeployTools(
        Store store,
        ContainerEngine engine,
        Routes routes,
        GitCheckout git,
        Services services,
        EnvironmentVariables variables,
        Path workspaces,
        String instanceId,
        Clock clock) {}
