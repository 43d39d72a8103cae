package dev.slipway.deploy;

import dev.slipway.engine.ContainerEngine;
import dev.slipway.engine.ContainerSpec;
import dev.slipway.engine.ContainerState;
import dev.slipway.services.Provisioned;
import dev.slipway.services.ServiceProvider;
import dev.slipway.services.Services;
import java.util.Map;

/**
 * Step 4: create and start the new web containers, each published on 127.0.0.1 at a random port,
 * not yet routed, on the environment's own network (created here when missing; it stays for the
 * releases to come, so undo leaves it). This is also where the container environment of DESIGN section 5 is assembled,
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
        String project = context.project().name();
        String environment = context.environment().name();
        for (String service : context.config.services()) {
            ServiceProvider provider = services.require(service);
            boolean known = provider.provisioned(project, environment);
            Provisioned provisioned = provider.provision(project, environment);
            context.log().protect(provisioned.secrets());
            if (!known) {
                // check-services could not check what did not exist yet: check it now, before anything starts.
                provider.check(project, environment, CheckServices.DEFAULT_TIMEOUT);
                context.log().line(service + ": provisioned and checked");
            }
            env.putAll(provisioned.variables());
            context.containerMounts.putAll(provisioned.mounts());
            context.containerGroups.addAll(provisioned.groups());
        }
        env.putAll(variables.of(project, environment));

        Containers.ensureNetwork(engine, context);
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
