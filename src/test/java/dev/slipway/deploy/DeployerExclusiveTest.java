package dev.slipway.deploy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Work that replaces an environment's data runs in its deployment queue, alone. */
class DeployerExclusiveTest {

    // The queue's bookkeeping needs no engine or store: work given to exclusively() is all that runs.
    private final Deployer deployer = new Deployer(null, DeployOptions.DEFAULT);

    @AfterEach
    void close() {
        deployer.close();
    }

    @Test
    void workRunsInTheEnvironmentsQueueWhichIsBusyMeanwhile() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);

        CompletableFuture<String> restore = CompletableFuture.supplyAsync(() -> deployer.exclusively("shop", "live", () -> {
            started.countDown();
            release.await(10, TimeUnit.SECONDS);
            return Thread.currentThread().getName();
        }));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(deployer.busy("shop", "live")).isTrue();
        assertThat(deployer.busy("shop", "test")).isFalse();
        assertThatThrownBy(() -> deployer.exclusively("shop", "live", () -> "second"))
                .isInstanceOf(BusyException.class).hasMessageContaining("shop/live");
        assertThat(deployer.exclusively("shop", "test", () -> "other environments go on")).isEqualTo("other environments go on");

        release.countDown();
        assertThat(restore.get(10, TimeUnit.SECONDS)).isEqualTo("deploy-shop/live");
        assertThat(deployer.busy("shop", "live")).isFalse();
        assertThat(deployer.exclusively("shop", "live", () -> "again")).isEqualTo("again");
    }

    @Test
    void theWorksOwnFailurePassesAsItIs() {
        IllegalArgumentException refused = new IllegalArgumentException("the dump has a psql meta-command on line 3");

        assertThatThrownBy(() -> deployer.exclusively("shop", "live", () -> {
            throw refused;
        })).isSameAs(refused);
        assertThat(deployer.busy("shop", "live")).isFalse();
    }
}
