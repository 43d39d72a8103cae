package dev.slipway.engine.docker;

import java.util.Collection;
import java.util.Optional;

/**
 * Picks a /24 for a new network. Docker's own allocator hands out a whole /16 (or /20) per network
 * from pools that hold about thirty, so an engine with its defaults runs out after some thirty
 * environments. A /24 holds 254 containers, far more than an environment runs, and 172.16.0.0/12 holds
 * 4,096 of them. They are packed from 172.31.255.0 downwards, away from the /16s Docker gives out from
 * 172.17 upwards, so they take as few of those as they can.
 */
final class Subnets {
    static final String POOL = "172.16.0.0/12";
    private static final long POOL_BASE = parse("172.16.0.0/12").base();
    private static final int SLOTS = 1 << (24 - 12);

    record Cidr(long base, int prefix) {
        long end() {
            return base + (1L << (32 - prefix));
        }

        boolean overlaps(Cidr other) {
            return base < other.end() && other.base < end();
        }

        @Override
        public String toString() {
            return ((base >> 24) & 255) + "." + ((base >> 16) & 255) + "." + ((base >> 8) & 255) + "." + (base & 255) + "/" + prefix;
        }
    }

    private Subnets() {}

    /** The highest /24 of the pool that overlaps none of {@code taken}. */
    static Optional<Cidr> free(Collection<Cidr> taken) {
        for (int slot = SLOTS - 1; slot >= 0; slot--) {
            Cidr candidate = new Cidr(POOL_BASE + ((long) slot << 8), 24);
            if (taken.stream().noneMatch(candidate::overlaps)) return Optional.of(candidate);
        }
        return Optional.empty();
    }

    /** An IPv4 CIDR such as "172.18.0.0/16"; null for IPv6 or anything unreadable. */
    static Cidr parse(String text) {
        if (text == null || text.contains(":")) return null;
        String[] parts = text.trim().split("/");
        String[] octets = parts[0].split("\\.");
        if (parts.length != 2 || octets.length != 4) return null;
        try {
            long address = 0;
            for (String octet : octets) address = address << 8 | Integer.parseInt(octet);
            int prefix = Integer.parseInt(parts[1]);
            long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
            return new Cidr(address & mask, prefix);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
