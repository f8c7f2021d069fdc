package org.tsnlat.env;

import java.util.List;
import java.util.Map;

/** Prints a snapshot of this host as JSON: run as another user by {@link EnvCollectorWithoutRootTest}. */
public final class PrintSnapshotMain {
    private PrintSnapshotMain() {
    }

    public static void main(String[] args) {
        List<String> ifs = args.length == 0 ? List.of("lo") : List.of(args);
        System.out.println(EnvJson.write(EnvCollector.collect(new EnvRequest(ifs, null, Map.of()))));
    }
}
