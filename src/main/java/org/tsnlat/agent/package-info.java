/**
 * The agent ({@code tsnlat agent}, docs/agent.md): a daemon per host that starts and stops
 * tsnlat's own recv, send and load on authenticated request and hands back their run
 * directories, and {@link org.tsnlat.agent.AgentClient}, the controller's side of its protocol.
 */
package org.tsnlat.agent;
