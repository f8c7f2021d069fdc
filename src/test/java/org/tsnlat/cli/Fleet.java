package org.tsnlat.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The local lab as a fleet of hosts for the campaign tests: N network namespaces ("hosts" a, b,
 * c, ...) on one bridge (in a namespace of its own), 10.77.0.1, .2, ... /24, each running a
 * {@code tsnlat agent} in a JVM of its own on port {@value #AGENT_PORT}. Closing stops the agents
 * (by their handles) and deletes the namespaces (their veths and the bridge with them).
 */
final class Fleet implements AutoCloseable {
    static final int AGENT_PORT = 7790;
    private final String prefix;
    private final List<String> hosts = new ArrayList<>();
    private final Map<String, Process> agents = new LinkedHashMap<>();
    private final Path dir;

    private Fleet(String prefix, Path dir) {
        this.prefix = prefix;
        this.dir = dir;
    }

    /** Makes {@code n} hosts, each with an agent taking requests from the fleet's subnet, keyed with {@code key}. */
    static Fleet start(Path dir, int n, Path key) throws Exception {
        Fleet f = new Fleet("tf" + (ProcessHandle.current().pid() % 100_000), dir);
        try {
            f.ip(null, "netns", "add", f.prefix + "-sw");
            f.ip(f.prefix + "-sw", "link", "add", "br0", "type", "bridge");
            f.ip(f.prefix + "-sw", "link", "set", "br0", "up");
            f.ip(f.prefix + "-sw", "link", "set", "lo", "up");
            for (int i = 0; i < n; i++) {
                String h = String.valueOf((char) ('a' + i));
                String ns = f.namespace(h);
                f.ip(null, "netns", "add", ns);
                f.hosts.add(h);
                String peer = f.prefix + h; // in the switch's namespace
                f.ip(null, "link", "add", "eth0", "netns", ns, "type", "veth", "peer", "name", peer, "netns", f.prefix + "-sw");
                f.ip(f.prefix + "-sw", "link", "set", peer, "master", "br0");
                f.ip(f.prefix + "-sw", "link", "set", peer, "up");
                f.ip(ns, "addr", "add", f.address(h) + "/24", "dev", "eth0");
                f.ip(ns, "link", "set", "eth0", "up");
                f.ip(ns, "link", "set", "lo", "up");
            }
            for (String h : f.hosts) f.startAgent(h, key);
            return f;
        } catch (Exception | AssertionError e) {
            f.close();
            throw e;
        }
    }

    String namespace(String host) {
        return prefix + "-" + host;
    }

    String address(String host) {
        return "10.77.0." + (host.charAt(0) - 'a' + 1);
    }

    String agent(String host) {
        return address(host) + ":" + AGENT_PORT;
    }

    /** {@code ip netns exec NS java ... tsnlat ARGS}: the command to run tsnlat on {@code host}. */
    List<String> tsnlat(String host, String... args) {
        return tsnlatIn(namespace(host), args);
    }

    /** The command to run tsnlat (this build, a JVM of its own) in network namespace {@code ns}. */
    static List<String> tsnlatIn(String ns, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "org.tsnlat.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private void startAgent(String h, Path key) throws Exception {
        Path log = dir.resolve("agent-" + h + ".log");
        Process p = new ProcessBuilder(tsnlat(h, "agent", "--listen", agent(h), "--key-file", key.toString(),
                "--allow", "10.77.0.0/24", "--dir", dir.resolve("agent-" + h).toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        agents.put(h, p);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(log).contains("agent listening on ")) {
            if (!p.isAlive() || System.nanoTime() > until) {
                throw new AssertionError("agent " + h + " did not listen: " + Files.readString(log));
            }
            Thread.sleep(100);
        }
    }

    /** What agent {@code host} printed so far. */
    String agentLog(String host) throws IOException {
        return Files.readString(dir.resolve("agent-" + host + ".log"));
    }

    /** {@code ip [-n NS] ARGS}, failing the test with its output when ip fails. */
    static void ip(String ns, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        if (ns != null) cmd.addAll(List.of("-n", ns));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new AssertionError(String.join(" ", cmd) + ": " + out);
    }

    @Override
    public void close() throws Exception {
        for (Process p : agents.values()) {
            p.destroy(); // SIGTERM: the agent stops its runs
        }
        for (Process p : agents.values()) {
            if (!p.waitFor(15, TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
        }
        for (String h : hosts) {
            new ProcessBuilder("ip", "netns", "del", namespace(h)).start().waitFor();
        }
        new ProcessBuilder("ip", "netns", "del", prefix + "-sw").start().waitFor();
    }
}
