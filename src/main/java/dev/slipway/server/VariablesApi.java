package dev.slipway.server;

import dev.slipway.project.Environment;
import dev.slipway.project.InvalidInputException;
import dev.slipway.project.NotFoundException;
import dev.slipway.project.Variables;
import dev.slipway.store.SecretStore;
import dev.slipway.store.Store;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An environment's own variables: set, unset, list. Values go in and never come out: every answer
 * shows names and {@link Variables#MASK}. A deployment picks the variables up when it starts.
 */
final class VariablesApi {
    private static final String PATH = Api.PREFIX + "/projects/{project}/environments/{env}/variables";

    record SetVariables(Map<String, String> variables) {}

    record SetValue(String value) {}

    record VariableView(String name, String value, Instant updatedAt) {}

    private final Store store;
    private final SecretStore secrets;

    VariablesApi(Store store, SecretStore secrets) {
        this.store = store;
        this.secrets = secrets;
    }

    void register(RoutesConfig r) {
        r.get(PATH, ctx -> ctx.json(list(environment(ctx))));
        r.post(PATH, ctx -> {
            Environment env = environment(ctx);
            SetVariables body = Bodies.read(ctx, SetVariables.class);
            Variables.requireValid(body.variables());
            secrets.setVariables(env.project(), env.name(), body.variables());
            ctx.json(list(env));
        });
        r.put(PATH + "/{name}", ctx -> {
            Environment env = environment(ctx);
            String name = Variables.requireName(ctx.pathParam("name"));
            SetValue body = Bodies.read(ctx, SetValue.class);
            Variables.requireValue(name, body.value());
            secrets.setVariables(env.project(), env.name(), Map.of(name, body.value()));
            ctx.json(list(env));
        });
        r.delete(PATH + "/{name}", ctx -> {
            Environment env = environment(ctx);
            String name = ctx.pathParam("name");
            if (!secrets.unsetVariables(env.project(), env.name(), List.of(name)).isEmpty()) {
                throw new NotFoundException("variable '" + name + "' of " + env.key() + " not found");
            }
            ctx.json(list(env));
        });
    }

    private List<VariableView> list(Environment env) {
        return secrets.variableNames(env.project(), env.name()).stream()
                .map(v -> new VariableView(v.name(), Variables.MASK, v.updatedAt()))
                .toList();
    }

    private Environment environment(Context ctx) {
        String project = ctx.pathParam("project");
        String name = ctx.pathParam("env");
        store.project(project).orElseThrow(() -> new NotFoundException("project '" + project + "' not found"));
        return store.environment(project, name)
                .orElseThrow(() -> new NotFoundException("environment '" + name + "' of project '" + project + "' not found"));
    }

    /** JSON bodies; a body that does not parse is a 400 naming "body", and its content is never echoed. */
    static final class Bodies {
        private Bodies() {}

        static <T> T read(Context ctx, Class<T> type) {
            if (ctx.body().isBlank()) throw new InvalidInputException("body", "a JSON object is required");
            try {
                T value = Json.MAPPER.readValue(ctx.body(), type);
                if (value == null) throw new InvalidInputException("body", "a JSON object is required");
                return value;
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                // The original message can quote the body, and the body holds secrets: say where, not what.
                throw new InvalidInputException("body", "request body is not valid JSON for this request (line "
                        + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
            }
        }
    }
}
