package org.tsnlat.env;

import java.util.List;
import java.util.Map;

/**
 * What {@link EnvCollector#collect(EnvRequest)} should look at.
 *
 * @param interfaces    the interfaces in use (their IRQs, qdiscs, offloads are recorded)
 * @param netns         the network namespace the interfaces live in; null for the current one
 * @param tsnlatThreads tsnlat's own threads, name to tid (such as "tsnlat-rx" -> 1234)
 */
public record EnvRequest(List<String> interfaces, String netns, Map<String, Integer> tsnlatThreads) {
    public EnvRequest {
        interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
        tsnlatThreads = tsnlatThreads == null ? Map.of() : Map.copyOf(tsnlatThreads);
    }
}
