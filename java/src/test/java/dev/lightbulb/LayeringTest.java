package dev.lightbulb;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.StringEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The layers of docs/ARCHITECTURE.md, checked on the compiled classes: every type a class names in its constant pool
 * (classes it uses, field and method descriptors, generic signatures, annotations) is a dependency of its package.
 * Nothing may point up a layer, {@code analysis} uses nothing but the base package, and no two packages may depend
 * on each other, directly or around a loop.
 */
class LayeringTest {
    private static final String ROOT = "dev.lightbulb";

    /** Top to bottom; a package's layer is its first segment below dev.lightbulb ("" is the base package). */
    private static final List<Set<String>> LAYERS = List.of(
            Set.of("cli"),
            Set.of("experiment"),
            Set.of("games"),
            Set.of("train"),
            Set.of("analysis", "engine"),
            Set.of("model"),
            Set.of("text"),
            Set.of("backend"),
            Set.of("tensor"),
            Set.of(""));

    /** "Knows nothing of models or GPUs": analysis reads result tables only. */
    private static final Map<String, Set<String>> ONLY_USES = Map.of("analysis", Set.of(""));

    private static final Pattern DESCRIPTOR_TYPE = Pattern.compile("L(dev/lightbulb/[^;<]+)[;<]");

    @Test
    void noPackagePointsUpOrSideways() throws Exception {
        Map<String, Map<String, String>> deps = packageDependencies(classesFolder());
        List<String> problems = new ArrayList<>();
        deps.forEach((from, targets) -> targets.forEach((to, example) -> {
            String a = layerName(from), b = layerName(to);
            if (a.equals(b)) return;
            Set<String> only = ONLY_USES.get(a);
            if (only != null ? !only.contains(b) : rank(b) <= rank(a)) {
                problems.add(from + " -> " + to + " (" + example + ")");
            }
        }));
        assertTrue(problems.isEmpty(), "dependencies against the layers of docs/ARCHITECTURE.md:\n  " + String.join("\n  ", problems));
    }

    @Test
    void noPackageCycles() throws Exception {
        Map<String, Map<String, String>> deps = packageDependencies(classesFolder());
        List<String> cycles = new ArrayList<>();
        for (Set<String> component : stronglyConnected(deps)) {
            if (component.size() < 2) continue;
            StringBuilder s = new StringBuilder(String.join(" <-> ", component));
            for (String from : component) {
                deps.get(from).forEach((to, example) -> {
                    if (component.contains(to)) s.append("\n    ").append(from).append(" -> ").append(to).append(" (").append(example).append(")");
                });
            }
            cycles.add(s.toString());
        }
        assertTrue(cycles.isEmpty(), "package cycles:\n  " + String.join("\n  ", cycles));
    }

    /** The checker itself: a known upward edge and a known cycle are found. */
    @Test
    void findsCyclesAndLayers() {
        Map<String, Map<String, String>> deps = new TreeMap<>();
        deps.put("a", new TreeMap<>(Map.of("b", "A -> B")));
        deps.put("b", new TreeMap<>(Map.of("c", "B -> C")));
        deps.put("c", new TreeMap<>(Map.of("a", "C -> A")));
        deps.put("d", new TreeMap<>(Map.of("a", "D -> A")));
        List<Set<String>> components = stronglyConnected(deps);
        assertTrue(components.contains(Set.of("a", "b", "c")), components.toString());
        assertTrue(components.contains(Set.of("d")), components.toString());
        assertTrue(rank("cli") < rank("text") && rank("text") < rank("tensor"));
        assertEquals("model", layerName(ROOT + ".model.io"));
        assertEquals("", layerName(ROOT));
    }

    private static Path classesFolder() throws URISyntaxException {
        return Path.of(LightbulbException.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static String layerName(String pkg) {
        if (pkg.equals(ROOT)) return "";
        String rest = pkg.substring(ROOT.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    private static int rank(String layer) {
        for (int i = 0; i < LAYERS.size(); i++) if (LAYERS.get(i).contains(layer)) return i;
        fail("package layer '" + layer + "' is in no layer of LayeringTest (and docs/ARCHITECTURE.md): place it there");
        return -1;
    }

    /** package -> (package it uses -> one class-level example), over every class file under {@code classes}. */
    private static Map<String, Map<String, String>> packageDependencies(Path classes) throws IOException {
        Map<String, Map<String, String>> deps = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(classes)) {
            files = s.filter(p -> p.toString().endsWith(".class")).sorted().toList();
        }
        assertTrue(files.size() > 100, "expected the compiled classes under " + classes + ", found " + files.size());
        for (Path f : files) {
            ClassModel model = ClassFile.of().parse(f);
            String self = model.thisClass().asInternalName();
            if (!self.startsWith("dev/lightbulb/")) continue;
            String from = packageOf(self);
            Map<String, String> out = deps.computeIfAbsent(from, k -> new TreeMap<>());
            for (String used : typesUsed(model)) {
                String to = packageOf(used);
                if (!to.equals(from)) out.putIfAbsent(to, self.replace('/', '.') + " uses " + used.replace('/', '.'));
            }
        }
        return deps;
    }

    /** Internal names of dev.lightbulb types the class names anywhere in its constant pool (string constants aside). */
    private static Set<String> typesUsed(ClassModel model) {
        Set<PoolEntry> stringTexts = new HashSet<>();
        for (PoolEntry e : model.constantPool()) if (e instanceof StringEntry s) stringTexts.add(s.utf8());
        Set<String> out = new TreeSet<>();
        for (PoolEntry e : model.constantPool()) {
            if (e instanceof ClassEntry c) {
                String name = c.asInternalName();
                if (name.startsWith("[")) collect(name, out);
                else if (name.startsWith("dev/lightbulb/")) out.add(name);
            } else if (e instanceof Utf8Entry u && !stringTexts.contains(u)) {
                collect(u.stringValue(), out);
            }
        }
        return out;
    }

    private static void collect(String descriptor, Set<String> out) {
        Matcher m = DESCRIPTOR_TYPE.matcher(descriptor);
        while (m.find()) out.add(m.group(1));
    }

    private static String packageOf(String internalName) {
        return internalName.substring(0, internalName.lastIndexOf('/')).replace('/', '.');
    }

    /** Tarjan's strongly connected components of the package graph. */
    private static List<Set<String>> stronglyConnected(Map<String, Map<String, String>> deps) {
        Map<String, Integer> index = new HashMap<>(), low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        List<Set<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String v : deps.keySet()) {
            if (!index.containsKey(v)) connect(v, deps, index, low, stack, onStack, out, counter);
        }
        return out;
    }

    private static void connect(String v, Map<String, Map<String, String>> deps, Map<String, Integer> index,
                                Map<String, Integer> low, Deque<String> stack, Set<String> onStack,
                                List<Set<String>> out, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : deps.getOrDefault(v, Map.of()).keySet()) {
            if (!index.containsKey(w)) {
                connect(w, deps, index, low, stack, onStack, out, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            out.add(component);
        }
    }
}
