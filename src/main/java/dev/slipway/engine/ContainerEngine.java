package dev.slipway.engine;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the deployment needs from a container engine. The steps speak only to this interface, so a
 * second engine can come later without touching them. Every method throws {@link EngineException}
 * (or a subclass) with a message a user can act on.
 */
public interface ContainerEngine {

    /** Builds an image and returns its id ("sha256:…"); every line of build output goes to {@code log}. */
    String build(BuildRequest request, LogSink log);

    /** Creates (does not start) a container and returns its id. */
    String create(ContainerSpec spec);

    void start(String containerId);

    /** Stops gracefully (SIGTERM, then SIGKILL after {@code timeout}); a stopped or missing container is fine. */
    void stop(String containerId, Duration timeout);

    /** Removes a container, forcing it if it runs; a missing container is fine. */
    void remove(String containerId);

    /** Current state; throws {@link NoSuchContainerException} when it does not exist. */
    ContainerState inspect(String containerId);

    /** The last {@code tail} lines of stdout and stderr, interleaved as the engine stored them. */
    List<String> logs(String containerId, int tail);

    /**
     * Creates, starts and waits for a one-off container, streaming its output to {@code log}; kills it
     * after {@code timeout}; always removes it.
     */
    RunResult run(ContainerSpec spec, Duration timeout, LogSink log);

    /** All containers (running or not) carrying every one of {@code labels}. */
    List<ContainerState> list(Map<String, String> labels);

    default boolean imageExists(String imageRef) {
        return inspectImage(imageRef).isPresent();
    }

    /** The image's id and size, or empty when the engine does not have it. */
    java.util.Optional<ImageInfo> inspectImage(String imageRef);

    /** The image's id ("sha256:…") for a tag or id; throws {@link NoSuchImageException} when there is none. */
    default String imageId(String imageRef) {
        return inspectImage(imageRef).map(ImageInfo::id).orElseThrow(() -> new NoSuchImageException(imageRef));
    }

    /**
     * The images' contents as one archive in the engine's save format (manifest.json, image configs,
     * layer tars; images built on one base share its layers, which travel once). Streamed: the caller
     * reads it as it comes and closes it. Throws {@link NoSuchImageException} when an image is missing.
     */
    InputStream saveImages(List<String> imageRefs);

    /** Removes an image by id or tag; an image in use or missing is left alone (returns false). */
    boolean removeImage(String imageRef);

    /**
     * Creates an isolated network if it does not exist: its containers reach each other and the host,
     * and no container on any other network reaches them (nor they it). {@code labels} mark it, as they
     * mark containers, so that {@link #networks} finds it again.
     */
    void ensureNetwork(String name, Map<String, String> labels);

    default void ensureNetwork(String name) {
        ensureNetwork(name, Map.of());
    }

    /** Removes a network; a missing one is fine. One that containers still use is left alone (returns false). */
    boolean removeNetwork(String name);

    /** The names of the networks carrying every one of {@code labels}. */
    List<String> networks(Map<String, String> labels);
}
