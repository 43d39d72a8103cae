package dev.slipway.docs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CliReferenceTest {
    @Test
    void checkedInCliReferenceIsWhatTheCommandsGenerate() throws Exception {
        String generated = CliReference.generate();
        assertThat(generated).as("the generated page").contains("## slipway env set", "`--router-port", "## slipway local migrate");

        GeneratedPage.check(CliReference.PAGE, generated);
    }
}
