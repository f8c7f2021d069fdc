package org.tsnlat.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Where each end of a measurement lives: its network namespace (null for this process's own)
 * and the interfaces its probes cross, which the environment snapshot describes.
 *
 * @param rxNetns      namespace of the receiving socket, or null
 * @param txNetns      namespace of the sending socket, or null
 * @param rxInterfaces interfaces on the receiving side
 * @param txInterfaces interfaces on the sending side
 * @param lab          description of the lab the ends are in (for meta.json), or null
 */
public record Placement(String rxNetns, String txNetns, List<String> rxInterfaces, List<String> txInterfaces,
                        JsonNode lab) {
    public Placement {
        rxInterfaces = List.copyOf(rxInterfaces);
        txInterfaces = List.copyOf(txInterfaces);
    }

    /** Both ends in this process's namespace, crossing these interfaces. */
    public static Placement here(List<String> rxInterfaces, List<String> txInterfaces) {
        return new Placement(null, null, rxInterfaces, txInterfaces, null);
    }

    /** True when the two ends see different hosts' networks (so each gets its own snapshot). */
    boolean split() {
        return !java.util.Objects.equals(rxNetns, txNetns);
    }
}
