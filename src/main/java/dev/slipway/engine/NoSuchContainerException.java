package dev.slipway.engine;

public class NoSuchContainerException extends EngineException {
    public NoSuchContainerException(String containerId) {
        super("no such container: " + containerId);
    }
}
