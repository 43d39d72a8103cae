package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.project.ConfigException;
import dev.slipway.project.InvalidInputException;
import dev.slipway.project.ProjectConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void slipwayYamlWinsOverProcfile() throws IOException {
        Files.writeString(dir.resolve("slipway.yaml"), "web:\n  port: 3000\n");
        Files.writeString(dir.resolve("Procfile"), "web: ignored\n");

        ConfigLoader.LoadedConfig loaded = loader.load(dir, null);

        assertThat(loaded.source()).isEqualTo("slipway.yaml");
        assertThat(loaded.config().web().port()).isEqualTo(3000);
        assertThat(loaded.config().web().command()).isNull();
    }

    @Test
    void slipwayYmlIsReadToo() throws IOException {
        Files.writeString(dir.resolve("slipway.yml"), "services: [postgres]\n");
        ConfigLoader.LoadedConfig loaded = loader.load(dir, null);
        assertThat(loaded.source()).isEqualTo("slipway.yml");
        assertThat(loaded.config().services()).isEqualTo(List.of("postgres"));
    }

    @Test
    void bothYamlSpellingsAreRefused() throws IOException {
        Files.writeString(dir.resolve("slipway.yaml"), "");
        Files.writeString(dir.resolve("slipway.yml"), "");
        assertThatThrownBy(() -> loader.load(dir, null)).isInstanceOf(ConfigException.class).hasMessageContaining("keep only one");
    }

    @Test
    void procfileIsUsedWhenAlone() throws IOException {
        Files.writeString(dir.resolve("Procfile"), "web: gunicorn app\nrelease: migrate\n");
        ConfigLoader.LoadedConfig loaded = loader.load(dir, null);
        assertThat(loaded.source()).isEqualTo("Procfile");
        assertThat(loaded.config().web().command()).isEqualTo("gunicorn app");
        assertThat(loaded.config().migrate()).isEqualTo(List.of("migrate"));
    }

    @Test
    void defaultsWhenThereIsNoConfig() {
        assertThat(loader.load(dir, null)).isEqualTo(new ConfigLoader.LoadedConfig(ProjectConfig.DEFAULT, ConfigLoader.DEFAULT_SOURCE));
    }

    @Test
    void invalidYamlNamesTheFileItCameFrom() throws IOException {
        Files.writeString(dir.resolve("slipway.yml"), "web:\n  prot: 80\n");
        assertThatThrownBy(() -> loader.load(dir, null)).isInstanceOf(ConfigException.class).hasMessageStartingWith("slipway.yml:2: 'web.prot'");
    }

    @Test
    void dockerfileOverrideReplacesTheConfiguredOne() throws IOException {
        Files.writeString(dir.resolve("slipway.yaml"), "build:\n  dockerfile: a/Dockerfile\n  strict_pins: true\n");
        ProjectConfig config = loader.load(dir, "b/Dockerfile").config();
        assertThat(config.build()).isEqualTo(new ProjectConfig.Build("b/Dockerfile", true));
    }

    @Test
    void dockerfileOverrideMustStayInsideTheRepository() {
        assertThatThrownBy(() -> loader.load(dir, "../Dockerfile")).isInstanceOf(InvalidInputException.class).hasMessageContaining("inside the repository");
    }

    @Test
    void configLinkedFromOutsideTheRepositoryIsRefused(@TempDir Path outside) throws IOException {
        Path secret = Files.writeString(outside.resolve("secret"), "web: {}\n");
        Files.createSymbolicLink(dir.resolve("slipway.yaml"), secret);
        assertThatThrownBy(() -> loader.load(dir, null)).isInstanceOf(ConfigException.class).hasMessageContaining("outside the repository");
    }
}
