package dev.slipway.services;

import dev.slipway.project.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The service providers this server offers, by name. */
public final class Services {
    private final Map<String, ServiceProvider> providers = new TreeMap<>();

    public Services(List<ServiceProvider> providers) {
        providers.forEach(p -> this.providers.put(p.name(), p));
    }

    public static Services none() {
        return new Services(List.of());
    }

    public ServiceProvider require(String name) {
        ServiceProvider provider = providers.get(name);
        if (provider == null) {
            throw new InvalidInputException("services", "service '" + name + "' is not offered by this server (offered: "
                    + (providers.isEmpty() ? "none" : String.join(", ", providers.keySet())) + ")");
        }
        return provider;
    }
}
