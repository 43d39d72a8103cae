package dev.slipway.engine.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PushResponseItem;
import dev.slipway.engine.EngineException;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Makes an image built on the manager pullable by every node: tagged REGISTRY/slipway/NAME:SHORT-ID,
 * pushed once, and referenced by digest, so that every task runs exactly that image. Whether it was
 * pushed is read from the manager's own record (the image's RepoDigests), so a second create of the same
 * image, even from another process, never pushes again.
 */
final class RegistryImages {
    private static final Duration PUSH_TIMEOUT = Duration.ofMinutes(10);

    private final DockerClient docker;
    private final String registry;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final AtomicInteger pushes = new AtomicInteger();
    private volatile Duration lastPush;

    RegistryImages(DockerClient docker, String registry) {
        this.docker = docker;
        this.registry = registry;
    }

    /** REGISTRY/slipway/NAME@sha256:DIGEST for the image {@code imageId}, which the user called {@code imageRef}. */
    String pullableRef(String imageId, String imageRef) {
        synchronized (locks.computeIfAbsent(imageId, id -> new Object())) {
            String pushed = pushedRef(imageId);
            if (pushed != null) return pushed;
            String repository = ServiceMapping.repository(registry, imageRef);
            String tag = ServiceMapping.shortId(imageId);
            String doing = "pushing image " + imageRef + " to " + repository + ":" + tag;
            long started = System.nanoTime();
            try {
                docker.tagImageCmd(imageId, repository, tag).exec();
                push(repository, tag, doing);
            } catch (EngineException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new EngineException(doing + ": " + e.getMessage(), e);
            }
            lastPush = Duration.ofNanos(System.nanoTime() - started);
            pushes.incrementAndGet();
            pushed = pushedRef(imageId);
            if (pushed == null) throw new EngineException(doing + ": the push ended but the engine records no digest for it");
            return pushed;
        }
    }

    /** True for a tag this class made (REGISTRY/slipway/…). */
    boolean isOwnTag(String tag) {
        return tag.startsWith(registry + "/slipway/");
    }

    int pushes() {
        return pushes.get();
    }

    Duration lastPush() {
        return lastPush;
    }

    private String pushedRef(String imageId) {
        List<String> digests;
        try {
            digests = docker.inspectImageCmd(imageId).exec().getRepoDigests();
        } catch (NotFoundException e) {
            throw new dev.slipway.engine.NoSuchImageException(imageId);
        }
        if (digests == null) return null;
        return digests.stream().filter(this::isOwnTag).sorted().findFirst().orElse(null);
    }

    private void push(String repository, String tag, String doing) {
        AtomicReference<String> error = new AtomicReference<>();
        try (var pushing = docker.pushImageCmd(repository).withTag(tag).exec(new ResultCallback.Adapter<PushResponseItem>() {
            @Override
            public void onNext(PushResponseItem item) {
                if (item.isErrorIndicated()) error.set(item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                        ? item.getErrorDetail().getMessage() : item.getError());
            }
        })) {
            if (!pushing.awaitCompletion(PUSH_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new EngineException(doing + ": not done within " + PUSH_TIMEOUT.toMinutes() + " minutes; is " + registry + " reachable?");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(doing + ": interrupted");
        } catch (IOException e) {
            throw new EngineException(doing + ": " + e.getMessage(), e);
        }
        if (error.get() != null) throw new EngineException(doing + ": " + error.get());
    }
}
