package dev.slipway.docs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** docs/reference/api.md, written from the OpenAPI document the server serves at /api/v1/openapi.json. */
final class ApiReference {
    static final String PAGE = "docs/reference/api.md";

    private ApiReference() {}

    static String generate(JsonNode document) {
        StringBuilder page = new StringBuilder();
        page.append("# REST API reference\n\n")
                .append("<!-- Generated from the served OpenAPI document by scripts/refresh-docs.sh; edit src/main/resources/openapi.json, not this page. -->\n\n")
                .append(document.path("info").path("title").asText()).append(", version ").append(document.path("info").path("version").asText())
                .append(". JSON under `/api/v1` on the control panel's port (default `http://127.0.0.1:8000`). ")
                .append("Every request carries `Authorization: Bearer TOKEN` (the admin token from the data folder, as `SLIPWAY_TOKEN`), ")
                .append("except where an operation says it needs none. The document itself is at `/api/v1/openapi.json`; ")
                .append("`/healthz` and `/metrics` (Prometheus) need no token either.\n\n")
                .append("```sh runnable\ncurl -fsS \"$SLIPWAY_URL/api/v1/openapi.json\" > /dev/null\n")
                .append("curl -fsS -H \"Authorization: Bearer $SLIPWAY_TOKEN\" \"$SLIPWAY_URL/api/v1/projects\"\n```\n\n");
        errors(document, page);
        page.append("## Operations\n\n| method | path | summary |\n| --- | --- | --- |\n");
        List<String[]> operations = operations(document);
        for (String[] op : operations) {
            page.append("| ").append(op[0]).append(" | [`").append(op[1]).append("`](#").append(Anchors.of(op[0] + " " + op[1])).append(") | ")
                    .append(cell(document.path("paths").path(op[1]).path(op[0].toLowerCase(Locale.ROOT)).path("summary").asText())).append(" |\n");
        }
        for (String[] op : operations) {
            operation(document, op[0], op[1], document.path("paths").path(op[1]).path(op[0].toLowerCase(Locale.ROOT)), page);
        }
        return page.toString();
    }

    private static void errors(JsonNode document, StringBuilder page) {
        page.append("## Errors\n\n")
                .append("Every error is an HTTP 4xx (or 503 when a backing service does not answer) with a JSON body; `error` says what is wrong ")
                .append("and names the bad field, `detail` may add more. Bad input is never a 500, and no answer holds a stack trace or a secret.\n\n")
                .append("| field | type |\n| --- | --- |\n");
        JsonNode schema = document.path("components").path("responses").path("Error").path("content").path("application/json").path("schema");
        schema.path("properties").fields().forEachRemaining(field -> page.append("| `").append(field.getKey()).append("` | ")
                .append(type(document, field.getValue())).append(" |\n"));
        page.append("\n");
    }

    private static List<String[]> operations(JsonNode document) {
        List<String[]> operations = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> operations.add(new String[] {method.toUpperCase(Locale.ROOT), path.getKey()})));
        return operations;
    }

    private static void operation(JsonNode document, String method, String path, JsonNode op, StringBuilder page) {
        page.append("\n## ").append(method).append(" ").append(path).append("\n\n").append(op.path("summary").asText()).append("\n\n");
        JsonNode security = op.get("security");
        if (security != null && security.isArray() && security.isEmpty()) page.append("Needs no token.\n\n");
        if (!op.path("parameters").isEmpty()) {
            page.append("| parameter | in | type | required | description |\n| --- | --- | --- | --- | --- |\n");
            for (JsonNode p : op.path("parameters")) {
                page.append("| `").append(p.path("name").asText()).append("` | ").append(p.path("in").asText()).append(" | ")
                        .append(type(document, p.path("schema"))).append(" | ").append(p.path("required").asBoolean() ? "yes" : "no")
                        .append(" | ").append(cell(p.path("description").asText(""))).append(" |\n");
            }
            page.append("\n");
        }
        JsonNode body = op.path("requestBody");
        if (!body.isMissingNode()) {
            body.path("content").fields().forEachRemaining(content -> {
                page.append("Request body (`").append(content.getKey()).append("`").append(body.path("required").asBoolean() ? "" : ", optional").append(")");
                JsonNode schema = resolve(document, content.getValue().path("schema"));
                if (schema.path("properties").isEmpty()) {
                    page.append(": ").append(type(document, schema)).append(".\n\n");
                    return;
                }
                List<String> required = new ArrayList<>();
                schema.path("required").forEach(r -> required.add(r.asText()));
                page.append(":\n\n| field | type | required |\n| --- | --- | --- |\n");
                schema.path("properties").fields().forEachRemaining(field -> page.append("| `").append(field.getKey()).append("` | ")
                        .append(type(document, field.getValue())).append(" | ").append(required.contains(field.getKey()) ? "yes" : "no").append(" |\n"));
                page.append("\n");
            });
        }
        List<String> answers = new ArrayList<>();
        op.path("responses").fields().forEachRemaining(answer -> answers.add("`" + answer.getKey() + "` "
                + (answer.getValue().has("$ref") ? "error" : answer.getValue().path("description").asText())));
        page.append("Answers: ").append(String.join(", ", answers)).append(".\n");
    }

    private static JsonNode resolve(JsonNode document, JsonNode schema) {
        if (!schema.has("$ref")) return schema;
        JsonNode target = document;
        for (String part : schema.get("$ref").asText().substring(2).split("/")) target = target.path(part);
        return target;
    }

    private static String type(JsonNode document, JsonNode schema) {
        JsonNode resolved = resolve(document, schema);
        String type = resolved.path("type").asText("any");
        StringBuilder text = new StringBuilder(type);
        if (type.equals("array")) text.append(" of ").append(type(document, resolved.path("items")));
        if (resolved.has("additionalProperties")) text.append(" of ").append(type(document, resolved.path("additionalProperties")));
        for (Map.Entry<String, String> facet : Map.of("format", "format", "pattern", "pattern").entrySet()) {
            if (resolved.has(facet.getKey())) text.append(", ").append(facet.getValue()).append(" `").append(resolved.get(facet.getKey()).asText()).append("`");
        }
        if (resolved.has("minimum") || resolved.has("maximum")) {
            text.append(", ").append(resolved.path("minimum").asText("")).append(" to ").append(resolved.path("maximum").asText(""));
        }
        if (resolved.path("nullable").asBoolean()) text.append(", may be null");
        if (resolved.has("description")) text.append(" (").append(resolved.get("description").asText()).append(")");
        return cell(text.toString());
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
