package dev.slipway.build;

/** A checkout failed for a reason the user cannot fix from the project settings (disk, corrupt data). */
public class CheckoutException extends RuntimeException {
    public CheckoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
