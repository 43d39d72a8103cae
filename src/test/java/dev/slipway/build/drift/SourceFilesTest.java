package dev.slipway.build.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceFilesTest {
    @TempDir Path tmp;

    @Test
    void aLinkToOutsideTheCheckoutReadsAsAbsentAndOneInsideIsRead() throws IOException {
        Path server = Files.createDirectories(tmp.resolve("data"));
        Path key = Files.writeString(server.resolve("secret-key"), "the-key\n");
        Path checkout = Files.createDirectories(tmp.resolve("checkout"));
        Files.createDirectories(checkout.resolve("deps"));
        Files.writeString(checkout.resolve("deps/requirements.txt"), "flask==3.0.0\n");
        Files.createSymbolicLink(checkout.resolve("requirements.txt"), key);
        Files.createSymbolicLink(checkout.resolve("data"), Path.of("../data"));
        Files.createSymbolicLink(checkout.resolve("constraints.txt"), Path.of("deps/requirements.txt"));

        SourceFiles files = SourceFiles.directory(checkout);

        assertThat(files.read("requirements.txt")).isEmpty();
        assertThat(files.read("data/secret-key")).isEmpty();
        assertThat(files.read("constraints.txt")).contains("flask==3.0.0\n");
    }
}
