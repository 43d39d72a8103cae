package dev.slipway.deploy;

import dev.slipway.services.ServiceProvider;
import dev.slipway.services.Services;
import java.time.Duration;
import java.util.List;

/**
 * Step 1: every service the environment requires answers, before anything is checked out or built.
 * The services are those of the config the environment last ran (a rollback's: its release's), since
 * the new config is only known after checkout; {@link Start} provisions and checks any service the
 * new config adds.
 */
public final class CheckServices implements Step {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final Services services;

    public CheckServices(Services services) {
        this.services = services;
    }

    @Override
    public String name() {
        return "check-services";
    }

    @Override
    public void run(DeploymentContext context) {
        List<String> required = context.config != null ? context.config.services()
                : context.previous().map(r -> Snapshots.config(r).services()).orElse(List.of());
        if (required.isEmpty()) {
            context.log().line("no backing services declared");
            return;
        }
        for (String name : required) {
            ServiceProvider provider = services.require(name);
            provider.check(context.project().name(), context.environment().name(), DEFAULT_TIMEOUT);
            context.log().line(name + ": ok");
        }
    }
}
