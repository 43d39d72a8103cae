package dev.slipway.deploy;

import java.util.Collection;
import java.util.List;

/** Replaces secret values in log text before it is stored or shown. */
public final class SecretMask {
    public static final SecretMask NONE = new SecretMask(List.of());
    static final String MASK = "******";

    private final List<String> secrets;

    public SecretMask(Collection<String> secrets) {
        // Short values would mask ordinary words; values under 4 characters are not treated as secrets.
        this.secrets = secrets.stream().filter(s -> s != null && s.length() >= 4).toList();
    }

    public String apply(String text) {
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, MASK);
        }
        return out;
    }
}
