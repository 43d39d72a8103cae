package dev.slipway.build;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code package.json} dependencies given as ranges ({@code ^4.18.0}, {@code ~1.2}, {@code *}) pin
 * nothing unless a lockfile sits next to it; then {@code npm install} resolves whatever is newest.
 * The streaming parser gives each value's line, which a tree would lose.
 */
final class PackageJsonRanges {
    static final List<String> LOCKFILES = List.of("package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml");
    private static final Set<String> SECTIONS = Set.of("dependencies", "devDependencies", "optionalDependencies");
    private static final Pattern EXACT = Pattern.compile("=?v?\\d+\\.\\d+\\.\\d+([-+][0-9A-Za-z.+-]+)?");

    private PackageJsonRanges() {}

    /** Advisories for {@code dir/package.json} (named {@code shownAs}); none when it is absent or has a lockfile. */
    static List<Advisory> check(Path dir, String shownAs) {
        Path file = dir.resolve("package.json");
        if (!Files.isRegularFile(file) || LOCKFILES.stream().anyMatch(l -> Files.exists(dir.resolve(l)))) return List.of();
        List<Advisory> out = new ArrayList<>();
        try {
            // A link out of the checkout would have the parser quote a server file (the admin token) in its error.
            if (!file.toRealPath().startsWith(dir.toRealPath())) {
                throw new UnreadableInputException(shownAs + " is a link to outside the repository");
            }
        } catch (IOException e) {
            throw new UnreadableInputException(shownAs + " cannot be read: " + e.getMessage());
        }
        try (JsonParser p = new JsonFactory().createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) return List.of();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (SECTIONS.contains(field) && value == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        JsonToken v = p.nextToken();
                        int line = p.currentTokenLocation().getLineNr();
                        if (v == JsonToken.VALUE_STRING && !isPinned(p.getText())) {
                            out.add(new Advisory(shownAs, line, "package-json-range",
                                    "\"" + name + "\": \"" + p.getText() + "\" is a range and there is no lockfile (package-lock.json)"));
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
            throw new UnreadableInputException(shownAs + " cannot be read as JSON: " + why);
        }
        return out;
    }

    private static boolean isPinned(String version) {
        String v = version.strip();
        // Paths, tarballs, git and workspace references are not registry ranges.
        return EXACT.matcher(v).matches() || v.contains(":") || v.contains("/");
    }
}
