package org.tsnlat.env;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the interface topics (net, irqs) inside another network namespace. /sys/class/net and
 * the ethtool ioctls only see the caller's namespace, so this runs the same probes in a child
 * JVM under {@code ip netns exec NS} (which also mounts that namespace's /sys) and reads back
 * the JSON it prints. Costs one JVM start (about half a second).
 */
final class NetnsProbe {
    private NetnsProbe() {
    }

    static EnvSnapshot collect(String netns, List<String> interfaces, Reads reads) {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", netns, javaBinary(),
                "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), Child.class.getName()));
        argv.addAll(interfaces);
        try {
            Subprocess.Result r = Subprocess.run(argv);
            if (r.exitCode() != 0) {
                return failed(interfaces, "ip netns exec " + netns + ": " + r.failure(), reads);
            }
            JsonNode tree = EnvJson.mapper().readTree(r.stdout());
            EnvSnapshot child = EnvJson.mapper().treeToValue(tree, EnvSnapshot.class);
            if (child.unreadable() != null) {
                reads.addAll(child.unreadable());
            }
            return child;
        } catch (IOException e) {
            return failed(interfaces, "ip netns exec " + netns + ": " + Reads.reason(e), reads);
        }
    }

    private static EnvSnapshot failed(List<String> interfaces, String reason, Reads reads) {
        reads.unreadable("irqs", reason);
        for (String ifname : interfaces) {
            reads.unreadable("net." + ifname, reason);
        }
        return new EnvSnapshot(null, 0, null, null, null, null, null, null, null, null, null);
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** The child JVM's entry: prints the interface topics of its namespace as JSON. */
    static final class Child {
        private Child() {
        }

        public static void main(String[] interfaces) throws IOException {
            EnvCollector.printInterfaces(interfaces);
        }
    }
}
