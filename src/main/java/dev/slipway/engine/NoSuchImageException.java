package dev.slipway.engine;

public class NoSuchImageException extends EngineException {
    public NoSuchImageException(String imageRef) {
        super("no such image: " + imageRef + "; give a tag or id that `docker images` lists");
    }
}
