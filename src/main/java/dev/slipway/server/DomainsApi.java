package dev.slipway.server;

import dev.slipway.project.Domain;
import dev.slipway.project.DomainTakenException;
import dev.slipway.project.Environment;
import dev.slipway.project.HostNames;
import dev.slipway.project.InvalidInputException;
import dev.slipway.project.NotFoundException;
import dev.slipway.router.RouteTable;
import dev.slipway.store.Store;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Custom domains: {@code GET|POST /api/v1/projects/P/environments/E/domains} and
 * {@code DELETE …/domains/HOST}. The store decides who owns a host (one environment per host);
 * the route table follows it, and is filled from the store again when the server starts.
 */
final class DomainsApi {
    private static final Logger LOG = LoggerFactory.getLogger(DomainsApi.class);
    private static final String PATH = Api.PREFIX + "/projects/{project}/environments/{env}/domains";

    record AddDomain(String host) {}

    record DomainView(String host, String project, String environment) {
        static DomainView of(Domain d) {
            return new DomainView(d.host(), d.project(), d.environment());
        }
    }

    private final Store store;
    private final RouteTable table;
    private final Clock clock;

    DomainsApi(Store store, RouteTable table, Clock clock) {
        this.store = store;
        this.table = table;
        this.clock = clock;
    }

    /** Routes every stored domain again (server start). */
    static void restore(Store store, RouteTable table) {
        for (Domain d : store.domains().all()) {
            try {
                table.addHost(d.host(), d.project(), d.environment());
            } catch (IllegalArgumentException e) {
                LOG.warn("domain {} of {}/{} cannot be routed: {}", d.host(), d.project(), d.environment(), e.getMessage());
            }
        }
    }

    void register(RoutesConfig r) {
        r.get(PATH, ctx -> {
            Environment env = environment(ctx);
            ctx.json(Map.of("generated", table.defaultHost(env.project(), env.name()),
                    "domains", store.domains().of(env.project(), env.name()).stream().map(DomainView::of).toList()));
        });
        r.post(PATH, this::add);
        r.delete(PATH + "/{host}", this::remove);
        r.exception(DomainTakenException.class, (e, ctx) -> ApiErrors.answer(ctx, 409, e.getMessage(), "host"));
    }

    private void add(Context ctx) throws Exception {
        Environment env = environment(ctx);
        AddDomain body = ctx.body().isBlank() ? null : Json.MAPPER.readValue(ctx.body(), AddDomain.class);
        String host = HostNames.require("host", body == null ? null : body.host());
        if (host.equals(table.baseDomain()) || host.endsWith("." + table.baseDomain())) {
            throw new InvalidInputException("host", "hosts under '" + table.baseDomain() + "' are generated (<env>.<project>."
                    + table.baseDomain() + "); add a host outside it");
        }
        boolean existed = store.domains().find(host).isPresent();
        Domain domain = new Domain(host, env.project(), env.name(), clock.instant());
        store.domains().add(domain);
        table.addHost(host, env.project(), env.name());
        ctx.status(existed ? 200 : 201).json(DomainView.of(domain));
    }

    private void remove(Context ctx) {
        Environment env = environment(ctx);
        String host = HostNames.require("host", ctx.pathParam("host"));
        List<Domain> own = store.domains().of(env.project(), env.name());
        if (own.stream().noneMatch(d -> d.host().equals(host))) {
            throw new NotFoundException("host '" + host + "' is not a domain of " + env.project() + "/" + env.name());
        }
        store.domains().remove(host);
        table.removeHost(host);
        ctx.status(204);
    }

    private Environment environment(Context ctx) {
        String project = ctx.pathParam("project");
        String name = ctx.pathParam("env");
        store.project(project).orElseThrow(() -> new NotFoundException("project '" + project + "' not found"));
        return store.environment(project, name)
                .orElseThrow(() -> new NotFoundException("environment '" + name + "' of project '" + project + "' not found"));
    }
}
