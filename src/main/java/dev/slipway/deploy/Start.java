package dev.slipway.deploy;

import dev.slipway.engine.ContainerEngine;
import dev.slipway.engine.ContainerSpec;
import dev.slipway.engine.ContainerState;
import dev.slipway.services.Services;
import java.util.Map;

/**
 * Step 4: create and start the new web containers, each published on 127.0.0.1 at a random port,
 * not yet routed. This is also where the container environment of DESIGN section 5 is assembled,
 * since every later container (migrations, processes) gets the same one.
 */
public final class Start implements Step {
    private final ContainerEngine engine;
    private final Services services;
    private final EnvironmentVariables variables;

    public Start(ContainerEngine engine, Services services, EnvironmentVariables variables) {
        this.engine = engine;
        this.services = services;
        this.variables = variables;
    }

    @Override
    public String name() {
        return "start";
    }

    @Override
    public void run(DeploymentContext context) {
        var web = context.config.web();
        Map<String, String> env = context.containerEnv;
        env.put("PORT", Integer.toString(web.port()));
        env.put("SLIPWAY_PROJECT", context.project().name());
        env.put("SLIPWAY_ENVIRONMENT", context.environment().name());
        env.put("SLIPWAY_COMMIT", context.commit == null ? "" : context.commit);
        for (String service : context.config.services()) {
            env.putAll(services.require(service).provision(context.project().name(), context.environment().name()));
        }
        env.putAll(variables.of(context.project().name(), context.environment().name()));

        for (int i = 1; i <= web.replicas(); i++) {
            ContainerSpec spec = Containers.spec(context, Labels.ROLE_WEB, i, web.command()).withPublishPort(web.port());
            String id = engine.create(spec);
            context.webContainers.add(id);
            engine.start(id);
            context.log().line("started " + spec.name());
        }
        for (String id : context.webContainers) {
            ContainerState state = engine.inspect(id);
            if (!state.running()) {
                throw new StepFailedException(Containers.describe(engine, id, "web container " + state.name()));
            }
        }
    }

    @Override
    public void undo(DeploymentContext context) {
        Containers.removeAll(engine, context.webContainers);
        Containers.removeLabelled(engine, context, Labels.ROLE_WEB);
        context.webContainers.clear();
    }
}
