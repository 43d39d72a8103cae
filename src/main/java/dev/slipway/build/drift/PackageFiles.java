package dev.slipway.build.drift;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The files that say which package versions an image holds: Debian's dpkg status database, Python's
 * {@code *.dist-info/METADATA} and npm's {@code node_modules/…/package.json}. Parsers read from the
 * layer's stream as it passes and never close it.
 */
final class PackageFiles {
    static final String DPKG_STATUS = "/var/lib/dpkg/status";
    private static final Pattern DIST_INFO = Pattern.compile("(.*)/([^/]+)\\.dist-info/METADATA");
    private static final Pattern NODE_MODULE = Pattern.compile(".*/node_modules/(@[^/]+/)?[^/]+/package\\.json");
    // A package.json larger than this is not a package's manifest worth reading.
    private static final long PACKAGE_JSON_LIMIT = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper().configure(JsonParser.Feature.AUTO_CLOSE_SOURCE, false);

    private PackageFiles() {}

    /** Whether {@code path} (absolute, in the image) is one of the files this class reads. */
    static boolean isPackageFile(String path, long size) {
        if (path.equals(DPKG_STATUS)) return true;
        if (path.endsWith("/METADATA")) return DIST_INFO.matcher(path).matches();
        return path.endsWith("/package.json") && size <= PACKAGE_JSON_LIMIT && NODE_MODULE.matcher(path).matches();
    }

    static List<InstalledPackage> parse(String path, InputStream in) throws IOException {
        if (path.equals(DPKG_STATUS)) return dpkgStatus(in);
        if (path.endsWith("/METADATA")) return pythonMetadata(path, in);
        return npmPackage(path, in);
    }

    /** Installed packages only: a removed package keeps a paragraph ("deinstall ok config-files"). */
    static List<InstalledPackage> dpkgStatus(InputStream in) throws IOException {
        List<InstalledPackage> packages = new ArrayList<>();
        BufferedReader reader = reader(in);
        String name = null, version = null, status = null, arch = null;
        for (String line = reader.readLine(); ; line = reader.readLine()) {
            if (line == null || line.isBlank()) {
                if (name != null && version != null && status != null && status.endsWith(" installed")) {
                    packages.add(new InstalledPackage(Ecosystem.DEBIAN, "deb:" + name + ":" + arch, name, version, "/var/lib/dpkg"));
                }
                name = version = status = arch = null;
                if (line == null) return packages;
            } else if (line.startsWith("Package:")) {
                name = line.substring(8).trim();
            } else if (line.startsWith("Version:")) {
                version = line.substring(8).trim();
            } else if (line.startsWith("Status:")) {
                status = line.substring(7).trim();
            } else if (line.startsWith("Architecture:")) {
                arch = line.substring(13).trim();
            }
        }
    }

    private static List<InstalledPackage> pythonMetadata(String path, InputStream in) throws IOException {
        var m = DIST_INFO.matcher(path);
        if (!m.matches()) return List.of();
        String site = m.group(1);
        BufferedReader reader = reader(in);
        String name = null, version = null;
        // The headers end at the first blank line; the description after it can be long.
        for (String line = reader.readLine(); line != null && !line.isEmpty(); line = reader.readLine()) {
            if (line.startsWith("Name:")) name = line.substring(5).trim();
            else if (line.startsWith("Version:")) version = line.substring(8).trim();
        }
        if (name == null || version == null) return List.of();
        return List.of(new InstalledPackage(Ecosystem.PYTHON, "py:" + site + ":" + normalizePython(name), name, version, site));
    }

    private static List<InstalledPackage> npmPackage(String path, InputStream in) throws IOException {
        JsonNode json;
        try {
            json = JSON.readTree(in);
        } catch (IOException notJson) {
            return List.of(); // a broken package.json is the package's problem, not drift
        }
        if (json == null || !json.path("name").isTextual() || !json.path("version").isTextual()) return List.of();
        String dir = path.substring(0, path.length() - "/package.json".length());
        return List.of(new InstalledPackage(Ecosystem.NPM, "npm:" + dir, json.get("name").asText(), json.get("version").asText(), dir));
    }

    /** PEP 503: "Foo_Bar", "foo-bar" and "foo.bar" are one project. */
    static String normalizePython(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }

    private static BufferedReader reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
}
