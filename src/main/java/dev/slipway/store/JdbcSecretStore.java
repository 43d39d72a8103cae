package dev.slipway.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.project.NotFoundException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** SecretStore over the same database as the rest of the store; values sealed by {@link SecretCipher}. */
final class JdbcSecretStore implements SecretStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Jdbc jdbc;
    private final SecretCipher cipher;

    JdbcSecretStore(Jdbc jdbc, SecretCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    @Override
    public void setVariables(String project, String environment, Map<String, String> variables) {
        Instant now = Jdbc.micros(Instant.now());
        try {
            jdbc.inTransaction("set variables", c -> {
                for (var e : new TreeMap<>(variables).entrySet()) {
                    String sealed = cipher.seal(e.getValue(), variableContext(project, environment, e.getKey()));
                    int updated = Jdbc.update(c, "UPDATE environment_variables SET sealed = ?, updated_at = ? WHERE project = ? AND environment = ? AND name = ?",
                            sealed, now, project, environment, e.getKey());
                    if (updated == 0) {
                        Jdbc.update(c, "INSERT INTO environment_variables (project, environment, name, sealed, updated_at) VALUES (?, ?, ?, ?, ?)",
                                project, environment, e.getKey(), sealed, now);
                    }
                }
                return null;
            });
        } catch (StoreException e) {
            if (e.isMissingParent()) {
                throw new NotFoundException("environment '" + environment + "' of project '" + project + "' not found");
            }
            throw e;
        }
    }

    @Override
    public List<String> unsetVariables(String project, String environment, List<String> names) {
        return jdbc.inTransaction("unset variables", c -> {
            List<String> missing = new ArrayList<>();
            for (String name : names) {
                if (Jdbc.update(c, "DELETE FROM environment_variables WHERE project = ? AND environment = ? AND name = ?", project, environment, name) == 0) {
                    missing.add(name);
                }
            }
            return missing;
        });
    }

    @Override
    public List<VariableName> variableNames(String project, String environment) {
        return jdbc.query("SELECT name, updated_at FROM environment_variables WHERE project = ? AND environment = ? ORDER BY name",
                rs -> new VariableName(rs.getString("name"), Jdbc.instant(rs, "updated_at")), project, environment);
    }

    @Override
    public Map<String, String> variables(String project, String environment) {
        Map<String, String> values = new LinkedHashMap<>();
        jdbc.query("SELECT name, sealed FROM environment_variables WHERE project = ? AND environment = ? ORDER BY name",
                rs -> values.put(rs.getString("name"), cipher.open(rs.getString("sealed"), variableContext(project, environment, rs.getString("name")))),
                project, environment);
        return values;
    }

    @Override
    public Optional<Map<String, String>> resource(String project, String environment, String service) {
        return jdbc.queryOne("SELECT sealed FROM service_resources WHERE project = ? AND environment = ? AND service = ?",
                rs -> fromJson(cipher.open(rs.getString("sealed"), resourceContext(project, environment, service))), project, environment, service);
    }

    @Override
    public Map<String, String> saveResourceIfAbsent(String project, String environment, String service, Map<String, String> data) {
        String sealed = cipher.seal(toJson(data), resourceContext(project, environment, service));
        try {
            jdbc.update("INSERT INTO service_resources (project, environment, service, sealed, created_at) VALUES (?, ?, ?, ?, ?)",
                    project, environment, service, sealed, Instant.now());
            return Map.copyOf(data);
        } catch (StoreException e) {
            if (e.isUniqueViolation()) {
                return resource(project, environment, service).orElseThrow(() -> e);
            }
            if (e.isMissingParent()) {
                throw new NotFoundException("environment '" + environment + "' of project '" + project + "' not found");
            }
            throw e;
        }
    }

    @Override
    public void deleteResource(String project, String environment, String service) {
        jdbc.update("DELETE FROM service_resources WHERE project = ? AND environment = ? AND service = ?", project, environment, service);
    }

    private static String variableContext(String project, String environment, String name) {
        return "variable " + project + "/" + environment + "/" + name;
    }

    private static String resourceContext(String project, String environment, String service) {
        return "service " + service + " of " + project + "/" + environment;
    }

    private static String toJson(Map<String, String> data) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(data));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> fromJson(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, String>>() {});
        } catch (JsonProcessingException e) {
            throw new StoreException("a service record is not valid JSON after decryption", null);
        }
    }
}
