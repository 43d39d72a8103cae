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
        // Longest first, so a secret that contains another is masked whole.
        this.secrets = secrets.stream().filter(s -> s != null && s.length() >= 4).distinct()
                .sorted(java.util.Comparator.comparingInt(String::length).reversed()).toList();
    }

    public SecretMask with(Collection<String> more) {
        List<String> all = new java.util.ArrayList<>(secrets);
        all.addAll(more);
        return new SecretMask(all);
    }

    public String apply(String text) {
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, MASK);
        }
        return out;
    }
}
