package org.tsnlat.cli;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import org.tsnlat.exit.Exit;

/**
 * A recv, send or load that {@code tsnlat agent} started ends with its agent: when the agent is
 * gone without stopping it (SIGKILL, a crash), it stops as on SIGTERM (its summary and run
 * directory written, exit 143) instead of running on to its duration unknown to any agent, where
 * a restarted agent could start another measurement on its CPUs or port.
 *
 * <p>The agent names itself to its children with the system property {@value org.tsnlat.agent.Agent#CHILD_PROPERTY} (its
 * pid); a child sees its agent gone when its parent process is another (it was reparented).
 * Checked twice a second on a daemon thread of its own, never a measuring one.
 */
final class AgentChild {
    private static final long CHECK_MS = 500;

    private AgentChild() {}

    /** In a child of an agent: watches for the agent's end; elsewhere nothing. */
    static void watch(String name, PrintStream err) {
        String agent = System.getProperty(org.tsnlat.agent.Agent.CHILD_PROPERTY);
        if (agent == null) return;
        long agentPid;
        try {
            agentPid = Long.parseLong(agent);
        } catch (NumberFormatException e) {
            return; // not set by an agent
        }
        Thread.ofPlatform().daemon(true).name("tsnlat-agent-watch").start(() -> {
            while (parentPid() == agentPid) {
                try {
                    TimeUnit.MILLISECONDS.sleep(CHECK_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
            err.println(name + ": the agent that started it (pid " + agentPid + ") is gone: stopping, as on SIGTERM");
            err.flush();
            System.exit(Exit.TERMINATED.code()); // the shutdown hooks finish the run as a SIGTERM would
        });
    }

    private static long parentPid() {
        return ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
    }
}
