package dev.lightbulb.deploy;

import dev.lightbulb.games.Shard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * deploy/k8s without a cluster: the Indexed Job, the merge Job and the volume claims have the structure Kubernetes
 * needs (kinds, completion mode, counts, GPU limits, mounts backed by the claims), and the pods' shell commands,
 * run by /bin/sh with a stand-in lightbulb for each completion index, pass every shard exactly once and write where
 * the merge Job reads.
 */
class KubernetesManifestsTest {
    private static final Path K8S = Path.of("..", "deploy", "k8s");

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> load(String file) throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object d : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(K8S.resolve(file))))
            if (d != null) docs.add((Map<String, Object>) d);
        return docs;
    }

    @SuppressWarnings("unchecked")
    private static <T> T at(Object node, String... path) {
        Object n = node;
        for (String key : path) {
            assertTrue(n instanceof Map, "no object at " + key + " in " + String.join(".", path));
            n = ((Map<String, Object>) n).get(key);
        }
        return (T) n;
    }

    private static Map<String, Object> container(Map<String, Object> job) {
        List<Map<String, Object>> cs = at(job, "spec", "template", "spec", "containers");
        assertEquals(1, cs.size());
        return cs.getFirst();
    }

    private static Map<String, String> env(Map<String, Object> container) {
        Map<String, String> env = new HashMap<>();
        for (Map<String, Object> e : at(container, "env") instanceof List<?> l ? (List<Map<String, Object>>) l : List.<Map<String, Object>>of())
            env.put((String) e.get("name"), (String) e.get("value"));
        return env;
    }

    /** Every mount names a volume of the pod, and every volume is a claim of results-pvc.yaml; returns mount path to claim. */
    private static Map<String, String> mounts(Map<String, Object> job, Set<String> claims) {
        Map<String, String> byVolume = new HashMap<>();
        for (Map<String, Object> v : at(job, "spec", "template", "spec", "volumes") instanceof List<?> l ? (List<Map<String, Object>>) l : List.<Map<String, Object>>of()) {
            String claim = at(v, "persistentVolumeClaim", "claimName");
            assertTrue(claims.contains(claim), "volume " + v.get("name") + " uses an unknown claim " + claim);
            byVolume.put((String) v.get("name"), claim);
        }
        Map<String, String> out = new HashMap<>();
        for (Map<String, Object> m : (List<Map<String, Object>>) at(container(job), "volumeMounts")) {
            assertTrue(byVolume.containsKey(m.get("name")), "mount of an undefined volume " + m.get("name"));
            out.put((String) m.get("mountPath"), byVolume.get(m.get("name")));
        }
        return out;
    }

    /** Runs the container's command with /bin/sh and a stand-in lightbulb that prints its arguments, one a line. */
    private static List<String> argsOf(Map<String, Object> container, Map<String, String> env, Path tmp) throws Exception {
        Path bin = StandInLightbulb.write(tmp.resolve("bin")).getParent();
        List<String> cmd = new ArrayList<>(at(container, "command"));
        cmd.addAll(at(container, "args"));
        assertEquals(List.of("/bin/sh", "-c"), cmd.subList(0, 2));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        return out.lines().toList();
    }

    @Test
    void claimsAreSharedVolumes() throws IOException {
        for (Map<String, Object> pvc : load("results-pvc.yaml")) {
            assertEquals("v1", pvc.get("apiVersion"));
            assertEquals("PersistentVolumeClaim", pvc.get("kind"));
            assertEquals(List.of("ReadWriteMany"), at(pvc, "spec", "accessModes"), "mounted by pods on several nodes");
            assertTrue(((String) at(pvc, "spec", "resources", "requests", "storage")).matches("\\d+[MGT]i"));
        }
    }

    @Test
    void indexedJobPlaysEveryShardOnceWhereTheMergeReads(@TempDir Path tmp) throws Exception {
        Set<String> claims = new HashSet<>();
        load("results-pvc.yaml").forEach(d -> claims.add(at(d, "metadata", "name")));

        Map<String, Object> run = load("run-job.yaml").getFirst();
        assertEquals(1, load("run-job.yaml").size());
        assertEquals("batch/v1", run.get("apiVersion"));
        assertEquals("Job", run.get("kind"));
        assertEquals("Indexed", at(run, "spec", "completionMode"));
        int completions = at(run, "spec", "completions");
        assertEquals(completions, (int) at(run, "spec", "parallelism"));
        assertTrue(List.of("OnFailure", "Never").contains(at(run, "spec", "template", "spec", "restartPolicy")));
        Map<String, Object> shard = container(run);
        assertEquals(1, (int) at(shard, "resources", "limits", "nvidia.com/gpu"), "one GPU per pod");
        Map<String, String> env = env(shard);
        assertEquals(completions, Integer.parseInt(env.get("SHARDS")), "SHARDS is the Job's completions");
        Map<String, String> runMounts = mounts(run, claims);
        assertTrue(runMounts.containsKey("/results") && runMounts.containsKey("/models"));

        Map<String, Object> merge = load("merge-job.yaml").getFirst();
        assertEquals("Job", merge.get("kind"));
        assertNull(at(merge, "spec", "completionMode"));
        assertEquals("Never", at(merge, "spec", "template", "spec", "restartPolicy"));
        Map<String, Object> merger = container(merge);
        assertNull(at(merger, "resources", "limits"), "the merge needs no GPU");
        assertEquals(runMounts.get("/results"), mounts(merge, claims).get("/results"), "the merge reads the claim the shards write");
        assertEquals(env.get("RUN"), env(merger).get("RUN"));
        List<String> mergeArgs = argsOf(merger, env(merger), tmp);
        assertEquals("merge", mergeArgs.getFirst());
        int o = mergeArgs.indexOf("--out");
        assertEquals(List.of("/results/" + env.get("RUN") + "/merged"), mergeArgs.subList(o + 1, mergeArgs.size()));
        List<String> inputs = mergeArgs.subList(1, o);

        Set<Shard> shards = new HashSet<>();
        for (int index = 0; index < completions; index++) {
            Map<String, String> podEnv = new HashMap<>(env);
            podEnv.put("JOB_COMPLETION_INDEX", Integer.toString(index));
            List<String> args = argsOf(shard, podEnv, tmp);
            assertEquals("run", args.getFirst());
            Shard s = Shard.parse(args.get(args.indexOf("--shard") + 1));
            assertEquals(new Shard(index + 1, completions), s);
            assertTrue(shards.add(s));
            String out = args.get(args.indexOf("--out") + 1);
            assertFalse(out.contains("$"), out);
            assertTrue(inputs.stream().anyMatch(glob -> FileSystems.getDefault().getPathMatcher("glob:" + glob).matches(Path.of(out))),
                    "shard " + s + " writes " + out + ", which the merge (" + inputs + ") does not read");
            assertEquals(env.get("RUN_OPTIONS").split(" ")[0], args.get(1), "the run options are passed through");
        }
        assertEquals(completions, shards.size());
    }
}
