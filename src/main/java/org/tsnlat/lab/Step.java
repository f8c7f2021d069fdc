package org.tsnlat.lab;

import java.util.List;

/**
 * One step of setting up a lab: the thing it makes (null when it only configures something an
 * earlier step made) and how to make it.
 */
record Step(String description, Resource resource, Action action) {
    /** Makes the thing and returns it as made (a process with its pid). */
    @FunctionalInterface
    interface Action {
        Resource make() throws Exception;
    }

    /** A step that runs one command and makes {@code resource} (nullable). */
    static Step command(Resource resource, List<String> command) {
        return new Step(String.join(" ", command), resource, () -> {
            Exec.run(command);
            return resource;
        });
    }

    /** A step that runs one command to configure what an earlier step made. */
    static Step configure(List<String> command) {
        return command(null, command);
    }

    /** Records a thing an earlier step made as a side effect (the far end of a veth pair). */
    static Step alsoMade(Resource resource) {
        return new Step("(made with the previous step) " + resource, resource, () -> resource);
    }
}
