package dev.slipway.build.drift;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading Dockerfiles and image histories, and why an install could change: the parts the report is made of. */
class InstructionsTest {
    @TempDir
    Path tmp;

    @Test
    void theLastStageIsReadWithLineNumbersJoinedContinuationsAndNoComments() {
        String dockerfile = """
                # syntax=docker/dockerfile:1
                FROM golang:1.22 AS build
                RUN go build ./...

                FROM debian:bookworm-slim
                # install
                RUN apt-get update \\
                    # a comment inside the continuation
                    && apt-get install -y curl

                copy --from=build /out /app
                CMD ["/app"]
                """;

        List<Instruction> stage = DockerfileStages.lastStage(dockerfile);

        assertThat(stage).containsExactly(
                new Instruction(5, "FROM", "debian:bookworm-slim"),
                new Instruction(7, "RUN", "apt-get update && apt-get install -y curl"),
                new Instruction(11, "COPY", "--from=build /out /app"),
                new Instruction(12, "CMD", "[\"/app\"]"));
    }

    @Test
    void theEscapeDirectiveChangesTheContinuationCharacter() {
        String dockerfile = "# escape=`\nFROM windows\nRUN dir `\n  c:\\\\\nRUN echo done\n";

        assertThat(DockerfileStages.lastStage(dockerfile)).extracting(Instruction::text)
                .containsExactly("FROM windows", "RUN dir c:\\\\", "RUN echo done");
    }

    @Test
    void historyEntriesOfEveryBuilderReadAsInstructions() {
        assertThat(LayerSteps.historyText("/bin/sh -c #(nop)  CMD [\"cat\" \"/x\"]")).isEqualTo("CMD [\"cat\" \"/x\"]");
        assertThat(LayerSteps.historyText("/bin/sh -c #(nop) COPY file:abc in /app/app.txt ")).isEqualTo("COPY file:abc in /app/app.txt");
        assertThat(LayerSteps.historyText("/bin/sh -c date > /built-at")).isEqualTo("RUN date > /built-at");
        assertThat(LayerSteps.historyText("|1 VERSION=2 /bin/sh -c make")).isEqualTo("RUN make");
        assertThat(LayerSteps.historyText("RUN /bin/sh -c make install # buildkit")).isEqualTo("RUN make install");
        assertThat(LayerSteps.historyText("COPY app.txt /app/ # buildkit")).isEqualTo("COPY app.txt /app/");
        assertThat(LayerSteps.historyText("WORKDIR /app")).isEqualTo("WORKDIR /app");
    }

    @Test
    void buildLabelsAndArgumentsWithoutHistoryDoNotShiftTheMatch() {
        List<Instruction> stage = DockerfileStages.lastStage("FROM busybox\nARG V=1\nRUN echo $V > /v\nCMD [\"sh\"]\n");
        SavedImage image = new SavedImage("sha256:1", List.of(), List.of(
                new SavedImage.HistoryEntry("/bin/sh -c #(nop) ADD file:1 in / ", false),
                new SavedImage.HistoryEntry("/bin/sh -c #(nop)  CMD [\"sh\"]", true),
                new SavedImage.HistoryEntry("RUN |1 V=1 /bin/sh -c echo $V > /v # buildkit", false),
                new SavedImage.HistoryEntry("CMD [\"sh\"]", true),
                new SavedImage.HistoryEntry("LABEL slipway.project=shop", true)),
                List.of(layer(), layer()));

        assertThat(LayerSteps.of(image, stage)).extracting(LayerSteps.Step::label)
                .containsExactly("Dockerfile:1 FROM busybox (base image)", "Dockerfile:3 RUN echo $V > /v");
    }

    @Test
    void aptInstallsSayWhetherThePackageWasNamedPinnedOrPulledIn() {
        InstalledPackage curl = new InstalledPackage(Ecosystem.DEBIAN, "deb:curl:amd64", "curl", "7.88", "/var/lib/dpkg");
        InstalledPackage libcurl = new InstalledPackage(Ecosystem.DEBIAN, "deb:libcurl4:amd64", "libcurl4", "7.88", "/var/lib/dpkg");

        PinCheck.Attribution named = PinCheck.explain(run("apt-get update && apt-get install -y --no-install-recommends curl"), curl, SourceFiles.none());
        PinCheck.Attribution pinned = PinCheck.explain(run("apt-get install -y curl=7.88.1-10"), curl, SourceFiles.none());
        PinCheck.Attribution dependency = PinCheck.explain(run("apt-get -o Acquire::Retries=3 install -y curl"), libcurl, SourceFiles.none());
        PinCheck.Attribution upgrade = PinCheck.explain(run("apt-get update; apt-get -y upgrade"), libcurl, SourceFiles.none());

        assertThat(named).isEqualTo(new PinCheck.Attribution("RUN … apt-get install -y --no-install-recommends curl", "unpinned"));
        assertThat(pinned).isEqualTo(new PinCheck.Attribution("RUN apt-get install -y curl=7.88.1-10", null));
        assertThat(dependency.reason()).isEqualTo("installed as a dependency, unpinned");
        assertThat(upgrade).isEqualTo(new PinCheck.Attribution("RUN … apt-get -y upgrade", "upgrades are unpinned"));
    }

    @Test
    void pipInstallsNameTheRequirementLineAlsoThroughNestedFilesAndCopiedPaths() {
        InstalledPackage requests = new InstalledPackage(Ecosystem.PYTHON, "py:/usr/lib:requests", "Requests", "2.32.3", "/usr/lib");
        SourceFiles sources = SourceFiles.of(Map.of("requirements.txt", "-r base.txt\nflask==3.0.0\n", "base.txt", "# base\n\nrequests~=2.31\n"));

        assertThat(PinCheck.explain(run("pip install --no-cache-dir -r /app/requirements.txt"), requests, sources).reason())
                .isEqualTo("base.txt:3 is unpinned");
        assertThat(PinCheck.explain(run("python3 -m pip install requests flask==3.0.0"), requests, sources).reason()).isEqualTo("unpinned");
        assertThat(PinCheck.explain(run("pip install requests==2.32.3"), requests, sources).reason()).isNull();
    }

    @Test
    void sourceFilesInADirectoryDoNotReachOutsideIt() throws Exception {
        Path context = Files.createDirectories(tmp.resolve("context"));
        Files.writeString(context.resolve("requirements.txt"), "requests\n");
        Files.writeString(tmp.resolve("secret.txt"), "outside\n");
        SourceFiles sources = SourceFiles.directory(context);

        assertThat(sources.read("requirements.txt")).contains("requests\n");
        assertThat(sources.read("/requirements.txt")).contains("requests\n");
        assertThat(sources.read("../secret.txt")).isEmpty();
        assertThat(sources.read("missing.txt")).isEmpty();
    }

    private static Instruction run(String command) {
        return new Instruction(2, "RUN", command);
    }

    private static LayerContents layer() {
        return new LayerContents(Map.of(), java.util.Set.of(), java.util.Set.of(), Map.of());
    }
}
