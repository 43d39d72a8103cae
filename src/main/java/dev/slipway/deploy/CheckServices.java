package dev.slipway.deploy;

import dev.slipway.services.ServiceProvider;
import dev.slipway.services.Services;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Step 1: every service the environment is provisioned with answers, with the environment's own
 * credentials, before anything is checked out or built. The new config is only known after
 * checkout, so the rule is: check what the store records as provisioned for the environment, plus
 * what the config it last ran declares (for a rollback: the target release's); a service that no
 * record shows yet (the first deployment that declares it) is provisioned and then checked by
 * {@link Start}, right after it is created.
 */
public final class CheckServices implements Step {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final Services services;
    private final Duration timeout;

    public CheckServices(Services services) {
        this(services, DEFAULT_TIMEOUT);
    }

    public CheckServices(Services services, Duration timeout) {
        this.services = services;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "check-services";
    }

    @Override
    public void run(DeploymentContext context) {
        String project = context.project().name();
        String environment = context.environment().name();
        List<String> required = new ArrayList<>(services.provisioned(project, environment));
        List<String> declared = context.config != null ? context.config.services()
                : context.previous().map(r -> Snapshots.config(r).services()).orElse(List.of());
        declared.stream().filter(s -> !required.contains(s)).forEach(required::add);
        if (required.isEmpty()) {
            context.log().line("no backing services provisioned or declared");
            return;
        }
        for (String name : required) {
            ServiceProvider provider = services.require(name);
            if (!provider.provisioned(project, environment)) {
                context.log().line(name + ": not provisioned yet; start creates and checks it");
                continue;
            }
            provider.check(project, environment, timeout);
            context.log().line(name + ": ok");
        }
    }
}
