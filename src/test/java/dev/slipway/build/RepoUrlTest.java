package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RepoUrlTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "https://user:s%40cret@github.com/a/b.git | https://github.com/a/b.git | user | s@cret",
            "https://ghp_token1234@github.com/a/b.git | https://github.com/a/b.git | ghp_token1234 | ''",
            "https://github.com/a/b.git | https://github.com/a/b.git | - | -",
            "ssh://git@host:2222/a/b.git | ssh://git@host:2222/a/b.git | - | -",
            "ssh://git:pw@host/a.git | ssh://git@host/a.git | git | pw",
            "git@github.com:a/b.git | git@github.com:a/b.git | - | -",
            "/srv/git/app | /srv/git/app | - | -",
    })
    void credentialsAreSplitFromTheShownUrl(String url, String shown, String user, String password) {
        RepoUrl parsed = RepoUrl.parse(url);
        assertThat(parsed.withoutCredentials()).isEqualTo(shown);
        assertThat(parsed.toString()).isEqualTo(shown);
        assertThat(parsed.user()).isEqualTo(user);
        assertThat(parsed.password()).isEqualTo(password);
    }
}
