package org.tsnlat.agent;

import org.tsnlat.exit.Exit;
import org.tsnlat.exit.ExitStatus;

/**
 * What {@link AgentClient} throws: the agent refused a request (its reason, as docs/agent.md
 * lists them: usage, exit 2), or could not be reached or answered wrongly (network, exit 3).
 */
public final class AgentException extends RuntimeException implements ExitStatus {
    private final String reason;
    private final Exit exit;

    public AgentException(String reason, String message, Exit exit, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.exit = exit;
    }

    /** The refusal's reason ("bad-mac", "cpu-busy", ...), or "network" / "bad-answer" for the client's own failures. */
    public String reason() {
        return reason;
    }

    @Override
    public Exit exit() {
        return exit;
    }
}
