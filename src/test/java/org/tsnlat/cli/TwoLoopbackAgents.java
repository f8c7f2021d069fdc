package org.tsnlat.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.agent.Agent;
import org.tsnlat.agent.AgentConfig;
import org.tsnlat.agent.Cidr;
import org.tsnlat.testing.KeyFiles;

/**
 * The campaign tests' fleet on loopback: two real agents, {@link #a} and {@link #b}, in this JVM (the
 * recv and send they start are JVMs of their own), a port each of the kernel's choice, keyed with
 * {@code tmp/fleet.key}, their log in {@link #agentLog}; started before each test, closed after it.
 */
abstract class TwoLoopbackAgents {
    @TempDir Path tmp;
    Agent a;
    Agent b;
    final ByteArrayOutputStream agentLog = new ByteArrayOutputStream();

    @BeforeEach
    void twoAgents() throws Exception {
        PrintStream log = new PrintStream(agentLog, true, StandardCharsets.UTF_8);
        a = loopbackAgent("a", log);
        b = loopbackAgent("b", log);
    }

    @AfterEach
    void agentsDown() {
        if (a != null) a.close();
        if (b != null) b.close();
    }

    /** An agent on 127.0.0.1, its directory {@code tmp/agent-NAME}, keyed with {@code tmp/fleet.key} (made if not there). */
    private Agent loopbackAgent(String name, PrintStream log) throws Exception {
        Path key = tmp.resolve("fleet.key");
        if (!Files.exists(key)) KeyFiles.write(key, KeyFiles.ONE);
        return Agent.start(AgentConfig.of(new InetSocketAddress("127.0.0.1", 0), key, Cidr.parseList("127.0.0.1/32"),
                tmp.resolve("agent-" + name)), log);
    }
}
