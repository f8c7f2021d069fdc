package org.tsnlat.run;

import com.fasterxml.jackson.databind.JsonNode;
import org.tsnlat.linux.Cpus;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.tsnlat.env.EnvCollector;
import org.tsnlat.env.EnvJson;
import org.tsnlat.env.EnvRequest;
import org.tsnlat.load.LoadResult;
import org.tsnlat.rundir.RunDirectory;
import org.tsnlat.rundir.RunMeta;

/**
 * What meta.json records about where a run happened: the environment snapshot of each host
 * (taken once the measuring threads are tuned: before the first probe, or beside the first ones when
 * they fall into the measurement's warm-up), the lab, the load.
 */
final class RunEnvironment {
    private RunEnvironment() {}

    /** The environment snapshot of a run: the (receiving) host's, the sender's when it is elsewhere. */
    record Snapshot(JsonNode env, JsonNode envSender, Placement where) {
        RunMeta applyTo(RunMeta meta) {
            return meta.withEnvironment(env, envSender, where.lab());
        }
    }

    /** Takes the snapshot; a failure is said inside it ("error"), never thrown. */
    static Snapshot take(Placement where, Map<String, Integer> tids) {
        JsonNode env;
        JsonNode envSender = null;
        if (where.split()) {
            env = take(where.rxInterfaces(), where.rxNetns(), only(tids, "tsnlat-rx"));
            if (tids.containsKey("tsnlat-tx")) {
                envSender = take(where.txInterfaces(), where.txNetns(), only(tids, "tsnlat-tx"));
            }
        } else {
            List<String> ifaces = new java.util.ArrayList<>(where.rxInterfaces());
            where.txInterfaces().stream().filter(i -> !ifaces.contains(i)).forEach(ifaces::add);
            env = take(ifaces, where.rxNetns(), tids);
        }
        return new Snapshot(env, envSender, where);
    }

    /** A snapshot that could not be taken at all (its thread died): said in its place. */
    static Snapshot failed(Placement where, Throwable why) {
        return new Snapshot(failure(why.toString()), null, where);
    }

    private static Map<String, Integer> only(Map<String, Integer> tids, String name) {
        return tids.containsKey(name) ? Map.of(name, tids.get(name)) : Map.of();
    }

    private static JsonNode take(List<String> interfaces, String netns, Map<String, Integer> tids) {
        try {
            return EnvJson.mapper().valueToTree(EnvCollector.collect(new EnvRequest(interfaces, netns, tids)));
        } catch (RuntimeException e) {
            return failure(e.getMessage());
        }
    }

    private static JsonNode failure(String why) {
        ObjectNode failed = RunDirectory.json().createObjectNode();
        failed.put("error", "environment snapshot failed: " + why);
        return failed;
    }

    static JsonNode load(LoadPlan plan, LoadResult result) {
        ObjectNode n = RunDirectory.json().createObjectNode();
        n.put("rateBitsPerSecond", plan.spec().rateBitsPerSecond());
        n.put("sizeBytes", plan.spec().sizeBytes());
        n.put("soPriority", plan.spec().soPriority());
        if (plan.spec().generatorCpus() != null) n.put("generatorCpus", Cpus.formatList(plan.spec().generatorCpus()));
        if (plan.spec().sinkCpus() != null) n.put("sinkCpus", Cpus.formatList(plan.spec().sinkCpus()));
        n.put("destination", MetaFactory.hostPort(plan.destination()));
        n.set("result", RunDirectory.json().valueToTree(result));
        n.put("sentBitsPerSecond", Math.round(result.sentBitsPerSecond()));
        n.put("receivedBitsPerSecond", Math.round(result.receivedBitsPerSecond()));
        n.put("summary", result.describe());
        return n;
    }
}
