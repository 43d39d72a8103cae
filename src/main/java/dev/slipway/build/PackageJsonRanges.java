package dev.slipway.build;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code package.json} dependencies given as ranges ({@code ^4.18.0}, {@code ~1.2}, {@code *}) pin
 * nothing unless a lockfile sits next to it in the image; else {@code npm install} resolves whatever is newest.
 * The streaming parser gives each value's line, which a tree would lose.
 */
final class PackageJsonRanges {
    static final List<String> LOCKFILES = List.of("package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml");
    private static final Set<String> SECTIONS = Set.of("dependencies", "devDependencies", "optionalDependencies");
    private static final Pattern EXACT = Pattern.compile("=?v?\\d+\\.\\d+\\.\\d+([-+][0-9A-Za-z.+-]+)?");

    private PackageJsonRanges() {}

    /**
     * Advisories for a package.json's text, shown as {@code shownAs} with its lines moved down by
     * {@code shift} (a heredoc in the Dockerfile); the caller has found no lockfile next to it.
     * Invalid JSON is an {@link UnreadableInputException} whose message completes "package.json …".
     */
    static List<Advisory> check(String text, String shownAs, int shift) {
        List<Advisory> out = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return List.of();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (SECTIONS.contains(field) && value == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        JsonToken v = p.nextToken();
                        int line = p.currentTokenLocation().getLineNr() + shift;
                        if (v == JsonToken.VALUE_STRING && !isPinned(p.getText())) {
                            out.add(new Advisory(shownAs, line, "package-json-range",
                                    "\"" + name + "\": \"" + p.getText() + "\" is a range and there is no lockfile (package-lock.json) in the image"));
                        } else if (v.isStructStart()) {
                            p.skipChildren();
                        }
                    }
                } else if (value.isStructStart()) {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new UnreadableInputException("cannot be read as JSON: " + why);
        }
        return out;
    }

    private static boolean isPinned(String version) {
        String v = version.strip();
        // Paths, tarballs, git and workspace references are not registry ranges.
        return EXACT.matcher(v).matches() || v.contains(":") || v.contains("/");
    }
}
