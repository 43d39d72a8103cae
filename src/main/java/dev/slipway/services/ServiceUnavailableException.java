package dev.slipway.services;

public class ServiceUnavailableException extends RuntimeException {
    public ServiceUnavailableException(String service, String reason) {
        super(service + ": " + reason);
    }
}
