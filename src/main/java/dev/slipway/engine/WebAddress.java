package dev.slipway.engine;

/** Where this host reaches a container's web port: an IP address and a port. */
public record WebAddress(String host, int port) {
    @Override
    public String toString() {
        return host + ":" + port;
    }
}
