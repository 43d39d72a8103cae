package dev.slipway.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.engine.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextArchiveTest {
    @TempDir Path tmp;

    @Test
    void linksAreArchivedAsLinksAndNothingBehindThemIsRead() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("server"));
        Files.writeString(outside.resolve("admin-token"), "the-token");
        Path context = Files.createDirectories(tmp.resolve("checkout"));
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\n");
        Files.createDirectories(context.resolve("releases/v1"));
        Files.writeString(context.resolve("releases/v1/hello.txt"), "hello");
        Files.createSymbolicLink(context.resolve("leakdir"), outside);
        Files.createSymbolicLink(context.resolve("tokenlink"), outside.resolve("admin-token"));
        Files.createSymbolicLink(context.resolve("uplink"), Path.of("../.."));
        Files.createSymbolicLink(context.resolve("current"), Path.of("releases/v1"));

        Map<String, TarArchiveEntry> entries = new TreeMap<>();
        Map<String, String> contents = new TreeMap<>();
        read(context, entries, contents);

        assertThat(entries).containsOnlyKeys("Dockerfile", "releases/", "releases/v1/", "releases/v1/hello.txt",
                "leakdir", "tokenlink", "uplink", "current");
        assertThat(entries.get("leakdir").isSymbolicLink()).isTrue();
        assertThat(entries.get("leakdir").getLinkName()).isEqualTo(outside.toString());
        assertThat(entries.get("tokenlink").getLinkName()).isEqualTo(outside.resolve("admin-token").toString());
        assertThat(entries.get("uplink").getLinkName()).isEqualTo("../..");
        assertThat(entries.get("current").getLinkName()).isEqualTo("releases/v1");
        assertThat(contents.values()).noneMatch(c -> c.contains("the-token"));
        assertThat(contents).containsEntry("releases/v1/hello.txt", "hello");
    }

    @Test
    void dockerignoreLeavesFilesOutAndAnExceptionKeepsOne() throws IOException {
        Path context = Files.createDirectories(tmp.resolve("checkout"));
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\n");
        Files.writeString(context.resolve(".dockerignore"), "# comment\n\nnode_modules\n*.log\n!keep.log\n/secrets/\n");
        Files.createDirectories(context.resolve("node_modules/x"));
        Files.writeString(context.resolve("node_modules/x/index.js"), "x");
        Files.writeString(context.resolve("debug.log"), "x");
        Files.writeString(context.resolve("keep.log"), "kept");
        Files.createDirectories(context.resolve("secrets"));
        Files.writeString(context.resolve("secrets/a"), "x");
        Files.writeString(context.resolve("app.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(context.resolve("app.sh"), PosixFilePermissions.fromString("rwxr-x---"));

        Map<String, TarArchiveEntry> entries = new TreeMap<>();
        read(context, entries, new TreeMap<>());

        assertThat(entries).containsOnlyKeys(".dockerignore", "Dockerfile", "keep.log", "app.sh");
        assertThat(entries.get("app.sh").getMode() & 0777).isEqualTo(0750);
    }

    @Test
    void anIgnoredDockerfileIsRefusedWithThePattern() throws IOException {
        Path context = Files.createDirectories(tmp.resolve("checkout"));
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\n");
        Files.writeString(context.resolve(".dockerignore"), "Docker*\n");

        assertThatThrownBy(() -> ContextArchive.open(context, "Dockerfile"))
                .isInstanceOf(EngineException.class)
                .hasMessage("Dockerfile Dockerfile is excluded by pattern 'Docker*' in .dockerignore");
    }

    private static void read(Path context, Map<String, TarArchiveEntry> entries, Map<String, String> contents) throws IOException {
        try (InputStream in = ContextArchive.open(context, "Dockerfile"); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                assertThat(e.getName()).doesNotStartWith("/").doesNotContain("..");
                entries.put(e.getName(), e);
                if (e.isFile()) contents.put(e.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }
}
