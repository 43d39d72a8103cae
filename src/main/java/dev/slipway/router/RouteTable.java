package dev.slipway.router;

import dev.slipway.project.Names;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Which environment answers at which host, and the upstreams each one currently has.
 *
 * <p>An environment answers at {@code <env>.<project>.<baseDomain>} and at the custom hosts added
 * for it. Each environment's upstreams are an immutable list that {@link #switchTo} replaces in one
 * step, so a request sees either the whole old set or the whole new one, never a mix.
 */
public final class RouteTable {

    /** Resolves without DNS on most systems: {@code test.shop.localhost}. */
    public static final String DEFAULT_BASE_DOMAIN = "localhost";

    private static final Pattern HOST = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

    private record Key(String project, String environment) {
        @Override
        public String toString() {
            return project + "/" + environment;
        }
    }

    /** The cursor lives with the set, so a switch also restarts the round-robin. */
    private record Route(List<Upstream> upstreams, AtomicInteger cursor) {
        Upstream next() {
            return upstreams.get(Math.floorMod(cursor.getAndIncrement(), upstreams.size()));
        }
    }

    private final String baseDomain;
    private final ConcurrentHashMap<Key, Route> routes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Key> customHosts = new ConcurrentHashMap<>();
    /**
     * Host header values as clients send them, resolved: most requests skip normalizing and parsing
     * the host. Filled under the read lock, emptied by every change under the write lock, so it never
     * outlives the table it was read from. Unknown hosts are not kept, so scanners cannot fill it.
     */
    private final ConcurrentHashMap<String, Key> resolved = new ConcurrentHashMap<>();
    private static final int MAX_RESOLVED = 100_000;
    /*
     * Requests resolve under the read lock and count themselves in flight before releasing it;
     * changes take the write lock. So once switchTo returns, every request that chose an old
     * upstream is already counted, and a drain that starts right after cannot miss it.
     */
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    /** Counts changes, so that standalone routers can ask "anything newer than N?". Written under the write lock. */
    private volatile long version;
    private final Object changed = new Object();

    public RouteTable() {
        this(DEFAULT_BASE_DOMAIN);
    }

    public RouteTable(String baseDomain) {
        String normalized = normalizeHost(Objects.requireNonNull(baseDomain, "baseDomain"));
        if (!HOST.matcher(normalized).matches()) {
            throw new IllegalArgumentException("'" + baseDomain + "' is not a valid base domain");
        }
        this.baseDomain = normalized;
    }

    public String baseDomain() {
        return baseDomain;
    }

    /** The generated host of an environment, {@code <env>.<project>.<baseDomain>}. */
    public String defaultHost(String project, String environment) {
        Key key = key(project, environment);
        return key.environment() + "." + key.project() + "." + baseDomain;
    }

    /** Makes the environment known (503 until it has upstreams). Keeps its upstreams if it is already known. */
    public void declare(String project, String environment) {
        Key key = key(project, environment);
        write(() -> routes.putIfAbsent(key, new Route(List.of(), new AtomicInteger())));
    }

    /** Forgets the environment and its custom hosts: 404 at all of them afterwards. */
    public void forget(String project, String environment) {
        Key key = key(project, environment);
        write(() -> {
            routes.remove(key);
            customHosts.values().removeIf(key::equals);
        });
    }

    public boolean isDeclared(String project, String environment) {
        return routes.containsKey(key(project, environment));
    }

    /** Replaces the environment's upstreams in one step, declaring the environment if needed. */
    public void switchTo(String project, String environment, List<Upstream> upstreams) {
        Key key = key(project, environment);
        List<Upstream> set = List.copyOf(Objects.requireNonNull(upstreams, "upstreams"));
        for (Upstream upstream : set) {
            if (upstream.host() == null || upstream.host().isBlank() || upstream.port() < 1 || upstream.port() > 65535) {
                throw new IllegalArgumentException("invalid upstream '" + upstream + "' for " + key + ": it needs a host and a port 1-65535");
            }
        }
        write(() -> routes.put(key, new Route(set, new AtomicInteger())));
    }

    /** The environment's current upstreams; empty when it has none or is unknown. */
    public List<Upstream> upstreams(String project, String environment) {
        Route route = routes.get(key(project, environment));
        return route == null ? List.of() : route.upstreams();
    }

    /**
     * Makes the environment answer at {@code host} too. A host belongs to one environment:
     * claiming one that another environment holds is refused rather than silently moved.
     */
    public void addHost(String host, String project, String environment) {
        Key key = key(project, environment);
        String normalized = requireHost(host);
        write(() -> {
            Key generatedOwner = parseGenerated(normalized);
            if (generatedOwner != null && !generatedOwner.equals(key)) {
                throw new IllegalArgumentException("host '" + normalized + "' is the generated host of " + generatedOwner + " and cannot be added to " + key);
            }
            Key owner = customHosts.putIfAbsent(normalized, key);
            if (owner != null && !owner.equals(key)) {
                throw new IllegalArgumentException("host '" + normalized + "' already belongs to " + owner + "; remove it there before adding it to " + key);
            }
        });
    }

    /** Stops answering at a custom host; does nothing when the host was not added. */
    public void removeHost(String host) {
        String normalized = normalizeHost(Objects.requireNonNull(host, "host"));
        write(() -> customHosts.remove(normalized));
    }

    /** The custom hosts of an environment, sorted. */
    public Set<String> hosts(String project, String environment) {
        Key key = key(project, environment);
        Set<String> hosts = new TreeSet<>();
        customHosts.forEach((host, owner) -> {
            if (owner.equals(key)) {
                hosts.add(host);
            }
        });
        return hosts;
    }

    /** Resolves a Host header value (port and case do not matter). */
    public Resolution resolve(String hostHeader) {
        return resolve(hostHeader, upstream -> {});
    }

    /**
     * Resolves and hands a chosen upstream to {@code claim} before any switch can complete, so that
     * the caller can count the request in flight without racing a switch-then-drain.
     */
    Resolution resolve(String hostHeader, Consumer<Upstream> claim) {
        String raw = hostHeader == null ? "" : hostHeader;
        lock.readLock().lock();
        try {
            Key key = resolved.get(raw);
            String host = null;
            if (key == null) {
                host = normalizeHost(raw);
                key = customHosts.get(host);
                if (key == null) {
                    key = parseGenerated(host);
                }
            }
            Route route = key == null ? null : routes.get(key);
            if (route == null) {
                return new Resolution.UnknownHost(host != null ? host : normalizeHost(raw));
            }
            if (host != null && resolved.size() < MAX_RESOLVED) {
                resolved.put(raw, key);
            }
            if (route.upstreams().isEmpty()) {
                return new Resolution.NoUpstream(key.project(), key.environment());
            }
            Upstream upstream = route.next();
            claim.accept(upstream);
            return new Resolution.Routed(key.project(), key.environment(), upstream, route.upstreams());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** {@code test.shop.localhost} → shop/test; null for anything else. */
    private Key parseGenerated(String host) {
        String suffix = "." + baseDomain;
        if (!host.endsWith(suffix)) {
            return null;
        }
        String[] labels = host.substring(0, host.length() - suffix.length()).split("\\.", -1);
        if (labels.length != 2 || !Names.isValid(labels[0]) || !Names.isValid(labels[1])) {
            return null;
        }
        return new Key(labels[1], labels[0]);
    }

    private void write(Runnable change) {
        lock.writeLock().lock();
        try {
            change.run();
            resolved.clear();
            version++;
        } finally {
            lock.writeLock().unlock();
        }
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    /** The number of changes so far. */
    public long version() {
        return version;
    }

    /** Waits until the version differs from {@code seen}, at most {@code timeout}; true when it changed. */
    public boolean awaitChange(long seen, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (changed) {
            while (version == seen) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    /** Every environment with its upstreams and custom hosts, consistent at one version. */
    public RouteSnapshot snapshot() {
        lock.readLock().lock();
        try {
            Map<Key, List<String>> hostsByKey = new HashMap<>();
            customHosts.forEach((host, key) -> hostsByKey.computeIfAbsent(key, k -> new ArrayList<>()).add(host));
            List<RouteSnapshot.Entry> entries = new ArrayList<>(routes.size());
            routes.forEach((key, route) -> {
                List<String> hosts = hostsByKey.getOrDefault(key, List.of());
                entries.add(new RouteSnapshot.Entry(key.project(), key.environment(), route.upstreams(), hosts.stream().sorted().toList()));
            });
            entries.sort(Comparator.comparing(RouteSnapshot.Entry::project).thenComparing(RouteSnapshot.Entry::environment));
            return new RouteSnapshot(baseDomain, version, entries);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Makes this table equal to {@code snapshot} in one step (what a standalone router does with what
     * the control panel sends). An environment whose upstreams did not change keeps its round-robin place.
     */
    public void replaceWith(RouteSnapshot snapshot) {
        Map<Key, Route> nextRoutes = new HashMap<>();
        Map<String, Key> nextHosts = new HashMap<>();
        for (RouteSnapshot.Entry entry : snapshot.environments()) {
            Key key = key(entry.project(), entry.environment());
            Route current = routes.get(key);
            nextRoutes.put(key, current != null && current.upstreams().equals(entry.upstreams())
                    ? current : new Route(List.copyOf(entry.upstreams()), new AtomicInteger()));
            for (String host : entry.hosts()) {
                nextHosts.put(requireHost(host), key);
            }
        }
        write(() -> {
            routes.keySet().retainAll(nextRoutes.keySet());
            routes.putAll(nextRoutes);
            customHosts.clear();
            customHosts.putAll(nextHosts);
        });
    }

    private static Key key(String project, String environment) {
        if (!Names.isValid(project)) {
            throw new IllegalArgumentException("'" + project + "' is not a valid project name");
        }
        if (!Names.isValid(environment)) {
            throw new IllegalArgumentException("'" + environment + "' is not a valid environment name");
        }
        return new Key(project, environment);
    }

    private static String requireHost(String host) {
        String normalized = normalizeHost(Objects.requireNonNull(host, "host"));
        if (normalized.length() > 253 || !HOST.matcher(normalized).matches()) {
            throw new IllegalArgumentException("'" + host + "' is not a valid host name");
        }
        return normalized;
    }

    /** Lower case, without port and trailing dot: {@code Test.Shop.LOCALHOST.:8080} → {@code test.shop.localhost}. */
    static String normalizeHost(String host) {
        String h = host.strip();
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            h = end < 0 ? h : h.substring(0, end + 1);
        } else if (h.indexOf(':') >= 0 && h.indexOf(':') == h.lastIndexOf(':')) {
            h = h.substring(0, h.indexOf(':'));
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h.toLowerCase(Locale.ROOT);
    }
}
