package org.tsnlat.lab;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A namespace of the lab: the two hosts, and the switch between them (bridge, macvlan). */
public enum Role {
    TALKER,
    LISTENER,
    SWITCH;

    /** The suffix of its namespace name, {@code <lab>-talker}, and its name in the state file. */
    @JsonValue
    public String suffix() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The namespace for this role in lab {@code labName}. */
    public String namespace(String labName) {
        return labName + "-" + suffix();
    }

    /** True for the two hosts, which have eth0 with an address. */
    public boolean isHost() {
        return this != SWITCH;
    }
}
