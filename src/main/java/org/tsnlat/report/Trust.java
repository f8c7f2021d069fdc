package org.tsnlat.report;

/** How far an interval's cross-host figures (one-way latency) can be believed. */
public enum Trust {
    /** No evidence against the clocks: included. */
    TRUSTED,
    /** Evidence that may be the network rather than the clocks: included, and named. */
    SUSPECT,
    /** The clocks disagree or cannot be checked: excluded from the cross-host figures. */
    UNTRUSTED;

    public Trust worst(Trust other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
