package org.tsnlat.env;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a snapshot field that is kept in the snapshot but never reported by {@link EnvDiff}.
 * This annotation on the record components of {@link EnvSnapshot} is the one list of what is
 * not compared; docs/environment.md repeats it for readers.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface NotCompared {
    /** Why the field is not compared. */
    Why value();

    /** The reasons a field may be left out of a diff. */
    enum Why {
        /** Changes from one run or boot to the next by nature: pids, tids, counters, times. */
        VOLATILE,
        /** Compared through another field that summarises or itemises it. */
        SUMMARISED,
        /** About the snapshot, not the host: format and version, the unreadable list. */
        BOOKKEEPING
    }
}
