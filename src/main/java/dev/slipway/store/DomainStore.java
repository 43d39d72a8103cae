package dev.slipway.store;

import dev.slipway.project.Domain;
import java.util.List;
import java.util.Optional;

/** The custom hosts of environments; a host belongs to at most one environment. */
public interface DomainStore {

    /** Adds the host; throws DomainTakenException when another environment holds it. Adding it again to its owner does nothing. */
    void add(Domain domain);

    Optional<Domain> find(String host);

    /** Removes the host; false when it was not there. */
    boolean remove(String host);

    /** Sorted by host. */
    List<Domain> of(String project, String environment);

    List<Domain> all();
}
