package dev.slipway.build.drift;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The report on archives the test writes itself: fast, no engine. */
class DriftReportTest {
    private static final String DOCKERFILE = """
            FROM debian:bookworm-slim
            # the app
            COPY app /app
            RUN date > /built-at
            RUN pip install \\
                -r requirements.txt
            CMD ["/app/run"]
            """;
    private static final String STATUS_A = """
            Package: base-files
            Status: install ok installed
            Architecture: amd64
            Version: 12.4

            Package: libbar
            Status: install ok installed
            Architecture: amd64
            Version: 0.9

            Package: oldconf
            Status: deinstall ok config-files
            Architecture: amd64
            Version: 1.0
            """;
    private static final String STATUS_B = """
            Package: base-files
            Status: install ok installed
            Architecture: amd64
            Version: 12.4

            Package: libfoo
            Status: install ok installed
            Architecture: amd64
            Version: 1.2
            Description: a library
             with a long description
             Version: 9.9 is not a field here
            """;

    private static SaveArchive.Layer base() {
        return new SaveArchive.Layer().dir("usr").file("usr/bin/sh", "shell", 0755).symlink("bin", "usr/bin")
                .file("var/lib/dpkg/status", STATUS_A);
    }

    private static SaveArchive.Image image(String tag, SaveArchive.Layer base, SaveArchive.Layer app, SaveArchive.Layer date, SaveArchive.Layer pip) {
        return new SaveArchive.Image(tag)
                .layer("/bin/sh -c #(nop) ADD file:0123 in / ", base)
                .empty("/bin/sh -c #(nop)  CMD [\"bash\"]")
                .layer("/bin/sh -c #(nop) COPY dir:abcd in /app ", app)
                .layer("/bin/sh -c date > /built-at", date)
                .layer("/bin/sh -c pip install     -r requirements.txt", pip)
                .empty("/bin/sh -c #(nop)  CMD [\"/app/run\"]")
                .empty("/bin/sh -c #(nop)  LABEL slipway.project=shop");
    }

    private static DriftReport compare(SaveArchive.Image a, SaveArchive.Image b, String dockerfile, SourceFiles sources) {
        ImageArchive archive = ImageArchive.read(new ByteArrayInputStream(SaveArchive.of(a, b)), Instant.now().plusSeconds(30));
        return DriftDetector.compare(a.tag, archive.image(a.id()), b.tag, archive.image(b.id()), dockerfile, sources, DriftOptions.DEFAULTS);
    }

    private static SaveArchive.Layer dist(String name, String version) {
        return new SaveArchive.Layer().file("usr/lib/python3/site-packages/" + name + "-" + version + ".dist-info/METADATA",
                "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n\nVersion: 0.0 in the description\n");
    }

    @Test
    void sameContentWithOtherMtimesAndEntryOrderIsNoDrift() {
        SaveArchive.Layer app1 = new SaveArchive.Layer().mtime(1).dir("app").file("app/run", "run", 0755).file("app/lib", "lib");
        SaveArchive.Layer app2 = new SaveArchive.Layer().mtime(999_999).file("app/lib", "lib").dir("app").file("app/run", "run", 0755);
        SaveArchive.Image a = image("shop:a", base(), app1, new SaveArchive.Layer().file("built-at", "same"), dist("requests", "2.31.0"));
        SaveArchive.Image b = image("shop:b", base(), app2, new SaveArchive.Layer().mtime(5).file("built-at", "same"), dist("requests", "2.31.0"));

        DriftReport report = compare(a, b, DOCKERFILE, SourceFiles.none());

        assertThat(a.id()).isNotEqualTo(b.id());
        assertThat(report.drifted()).isFalse();
        assertThat(report.layersCompared()).isEqualTo(4);
        assertThat(report.lines().getLast()).startsWith("no drift: the file contents of all 4 layers are identical");
    }

    @Test
    void firstDifferingLayerIsNamedByItsDockerfileInstructionWithTheDifferingPaths() {
        SaveArchive.Layer app = new SaveArchive.Layer().file("app/run", "run", 0755);
        SaveArchive.Image a = image("shop:a", base(), app,
                new SaveArchive.Layer().file("built-at", "Mon").file("tool", "x", 0644).file("gone", "g"),
                dist("requests", "2.31.0"));
        SaveArchive.Image b = image("shop:b", base(), app,
                new SaveArchive.Layer().file("built-at", "Tue").file("tool", "x", 0755).file("new-file", "n").symlink("link", "x"),
                new SaveArchive.Layer().file("usr/lib/python3/site-packages/requests-2.31.0.dist-info/METADATA",
                        "Name: requests\nVersion: 2.31.0\n").file("extra", "e"));

        DriftReport report = compare(a, b, DOCKERFILE, SourceFiles.none());

        assertThat(report.firstDifference().instruction()).isEqualTo("Dockerfile:4 RUN date > /built-at");
        assertThat(report.firstDifference().paths()).containsExactly(
                "/built-at: content differs", "- /gone", "+ /link", "+ /new-file", "/tool: mode 0644 → 0755");
        assertThat(report.laterDifferences()).extracting(LayerDifference::instruction)
                .containsExactly("Dockerfile:5 RUN pip install -r requirements.txt");
        assertThat(report.packageChanges()).isEmpty();
        assertThat(report.lines()).contains("first difference: Dockerfile:4 RUN date > /built-at", "  /built-at: content differs",
                "also differs: Dockerfile:5 RUN pip install -r requirements.txt (2 paths)", "no package versions changed");
    }

    @Test
    void pythonUpgradeIsAttributedToTheUnpinnedLineOfTheRequirementsFile() {
        SaveArchive.Layer app = new SaveArchive.Layer().file("app/run", "run");
        SaveArchive.Layer date = new SaveArchive.Layer().file("built-at", "same");
        SaveArchive.Image a = image("shop:a", base(), app, date, dist("requests", "2.31.0"));
        SaveArchive.Image b = image("shop:b", base(), app, date, dist("requests", "2.32.3"));
        SourceFiles sources = SourceFiles.of(Map.of("requirements.txt", "# web\nflask==3.0.0\nrequests>=2.0  # any\n"));

        DriftReport report = compare(a, b, DOCKERFILE, sources);

        assertThat(report.firstDifference().instruction()).isEqualTo("Dockerfile:5 RUN pip install -r requirements.txt");
        assertThat(report.firstDifference().paths()).containsExactly(
                "- /usr/lib/python3/site-packages/requests-2.31.0.dist-info/METADATA",
                "+ /usr/lib/python3/site-packages/requests-2.32.3.dist-info/METADATA");
        assertThat(report.packageChanges()).extracting(PackageChange::describe).containsExactly(
                "requests 2.31.0 → 2.32.3 (from RUN pip install -r requirements.txt, requirements.txt:3 is unpinned)");
        assertThat(report.lines()).contains("  Python:");
    }

    @Test
    void aDependencyThatNoRequirementLineNamesIsSaidToBeOne() {
        SaveArchive.Layer app = new SaveArchive.Layer().file("app/run", "run");
        SaveArchive.Layer date = new SaveArchive.Layer().file("built-at", "same");
        SaveArchive.Image a = image("shop:a", base(), app, date, dist("urllib3", "2.0.7"));
        SaveArchive.Image b = image("shop:b", base(), app, date, dist("urllib3", "2.2.1"));

        DriftReport report = compare(a, b, DOCKERFILE, SourceFiles.of(Map.of("requirements.txt", "requests==2.31.0\n")));
        DriftReport unreadable = compare(a, b, DOCKERFILE, SourceFiles.none());

        assertThat(report.packageChanges().getFirst().describe()).isEqualTo(
                "urllib3 2.0.7 → 2.2.1 (from RUN pip install -r requirements.txt, not named in requirements.txt: a dependency, unpinned)");
        assertThat(unreadable.packageChanges().getFirst().reason()).isEqualTo("requirements.txt could not be read from the build context");
    }

    @Test
    void debianPackagesAddedAndRemovedAreListedAndRemovedOnesDoNotCount() {
        SaveArchive.Layer app = new SaveArchive.Layer().file("app/run", "run");
        SaveArchive.Layer date = new SaveArchive.Layer().file("built-at", "same");
        SaveArchive.Layer none = new SaveArchive.Layer().dir("tmp");
        SaveArchive.Image a = image("shop:a", base(), app, date, none);
        SaveArchive.Image b = image("shop:b", base().file("var/lib/dpkg/status", STATUS_B), app, date, none);

        DriftReport report = compare(a, b, DOCKERFILE, SourceFiles.none());

        assertThat(report.firstDifference().instruction()).isEqualTo("Dockerfile:1 FROM debian:bookworm-slim (base image)");
        assertThat(report.packageChanges()).extracting(PackageChange::describe).containsExactly(
                "- libbar 0.9 (from Dockerfile:1 FROM debian:bookworm-slim (base image))",
                "+ libfoo 1.2 (from Dockerfile:1 FROM debian:bookworm-slim (base image))");
    }

    @Test
    void whiteoutsAndOpaqueDirectoriesHidePackagesFromTheFinalImage() {
        SaveArchive.Layer app = new SaveArchive.Layer()
                .file("usr/lib/python3/site-packages/six-1.16.0.dist-info/METADATA", "Name: six\nVersion: 1.16.0\n")
                .file("app/node_modules/left-pad/package.json", "{\"name\": \"left-pad\", \"version\": \"1.3.0\"}")
                .file("app/node_modules/@acme/util/package.json", "{\"name\": \"@acme/util\", \"version\": \"2.0.0\"}");
        SaveArchive.Layer date = new SaveArchive.Layer().file("built-at", "same");
        SaveArchive.Image a = image("shop:a", base(), app, date, new SaveArchive.Layer().dir("tmp"));
        SaveArchive.Image b = image("shop:b", base(), app, date, new SaveArchive.Layer()
                .whiteout("usr/lib/python3/site-packages/six-1.16.0.dist-info")
                .opaque("app/node_modules/@acme")
                .file("app/node_modules/@acme/other/package.json", "{\"name\": \"@acme/other\", \"version\": \"0.1.0\"}"));

        DriftReport report = compare(a, b, DOCKERFILE, SourceFiles.of(Map.of("requirements.txt", "requests\n")));

        // left-pad sits outside the opaque directory and stays.
        assertThat(report.packageChanges()).extracting(PackageChange::describe).containsExactly(
                "- six 1.16.0 (from RUN pip install -r requirements.txt, not named in requirements.txt: a dependency, unpinned)",
                "+ @acme/other 0.1.0 (from RUN pip install -r requirements.txt)",
                "- @acme/util 2.0.0 (from RUN pip install -r requirements.txt)");
        assertThat(report.firstDifference().paths()).contains("/usr/lib/python3/site-packages/six-1.16.0.dist-info: deleted only in B");
    }

    @Test
    void npmRangeWithoutALockfileIsTheReason() {
        String dockerfile = "FROM node:20\nCOPY package.json /app/\nRUN cd /app && npm install\n";
        SaveArchive.Layer base = new SaveArchive.Layer().file("etc/os-release", "x");
        SaveArchive.Layer copy = new SaveArchive.Layer().file("app/package.json", "{}");
        SaveArchive.Image a = new SaveArchive.Image("web:a").layer("/bin/sh -c #(nop) ADD file:1 in /", base)
                .layer("COPY package.json /app/ # buildkit", copy)
                .layer("RUN /bin/sh -c cd /app && npm install # buildkit", new SaveArchive.Layer()
                        .file("app/node_modules/express/package.json", "{\"name\":\"express\",\"version\":\"4.18.2\"}"));
        SaveArchive.Image b = new SaveArchive.Image("web:b").layer("/bin/sh -c #(nop) ADD file:1 in /", base)
                .layer("COPY package.json /app/ # buildkit", copy)
                .layer("RUN /bin/sh -c cd /app && npm install # buildkit", new SaveArchive.Layer()
                        .file("app/node_modules/express/package.json", "{\"name\":\"express\",\"version\":\"4.19.2\"}"))
                .gzipped();
        SourceFiles sources = SourceFiles.of(Map.of("package.json", "{\n  \"dependencies\": {\n    \"express\": \"^4.18.0\"\n  }\n}\n"));

        DriftReport report = compare(a, b, dockerfile, sources);

        assertThat(report.firstDifference().instruction()).isEqualTo("Dockerfile:3 RUN cd /app && npm install");
        assertThat(report.packageChanges()).extracting(PackageChange::describe).containsExactly(
                "express 4.18.2 → 4.19.2 (from RUN … npm install, package.json:3 allows ^4.18.0 and there is no lockfile)");
    }

    @Test
    void withoutADockerfileLayersAreNamedByTheImageHistory() {
        SaveArchive.Layer app = new SaveArchive.Layer().file("app/run", "run");
        SaveArchive.Image a = image("shop:a", base(), app, new SaveArchive.Layer().file("built-at", "1"), dist("six", "1.0"));
        SaveArchive.Image b = image("shop:b", base(), app, new SaveArchive.Layer().file("built-at", "2"), dist("six", "1.0"));

        DriftReport report = compare(a, b, null, SourceFiles.none());

        assertThat(report.firstDifference().instruction()).isEqualTo("RUN date > /built-at");
    }

    @Test
    void anArchiveWithoutTheImageSaysSo() {
        SaveArchive.Image a = image("shop:a", base(), new SaveArchive.Layer(), new SaveArchive.Layer(), new SaveArchive.Layer());
        ImageArchive archive = ImageArchive.read(new ByteArrayInputStream(SaveArchive.of(a)), Instant.now().plus(Duration.ofSeconds(30)));

        assertThatThrownBy(() -> archive.image("sha256:0000")).isInstanceOf(DriftException.class)
                .hasMessage("the saved archive does not hold image sha256:0000");
        assertThat(archive.image(a.id()).layers()).hasSize(4);
        assertThat(archive.image(a.id()).tags()).isEqualTo(List.of("shop:a"));
    }
}
