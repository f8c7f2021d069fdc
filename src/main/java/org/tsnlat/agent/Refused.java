package org.tsnlat.agent;

/**
 * A request the agent does not carry out: its reason (a word of docs/agent.md's table, counted
 * in {@link AgentStats}) and a short message for the answer and the log.
 */
final class Refused extends Exception {
    private final String reason;

    Refused(String reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }
}
