package dev.lightbulb.backend.cuda;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The natives jars {@code bench/gpu/prepare.sh} carries to the GPU machine keep only the JNI libraries the cuBLAS
 * bindings load (JavaCPP's jar holds one for every CUDA module, 33 MB). A child JVM on jars trimmed to exactly
 * those entries must get as far as the dynamic linker, i.e. JavaCPP and JCuda found and extracted their libraries.
 */
class CublasNativesTest {
    /** The entries prepare.sh keeps of JavaCPP's CUDA natives jar and of JCublas's; it names every one. */
    static final List<String> JAVACPP_CUDA_KEPT = List.of(
            "org/bytedeco/cuda/linux-x86_64/libjnicublas.so", "org/bytedeco/cuda/linux-x86_64/libjnicudart.so");
    static final List<String> JCUBLAS_KEPT = List.of("lib/libJCublas2-12.6.0-linux-x86_64.so");

    @Test
    void prepareShKeepsExactlyTheseEntries() throws IOException {
        Path script = Path.of("..", "bench", "gpu", "prepare.sh");
        assumeTrue(Files.exists(script), "no bench/gpu/prepare.sh beside this module");
        String text = Files.readString(script);
        for (String entry : concat(JAVACPP_CUDA_KEPT, JCUBLAS_KEPT)) assertTrue(text.contains(entry), "prepare.sh does not keep " + entry);
    }

    @Test
    void trimmedNativesStillReachTheDynamicLinker(@TempDir Path dir) throws Exception {
        Path cudaNatives = trim(jarOf(JAVACPP_CUDA_KEPT.getFirst()), JAVACPP_CUDA_KEPT, dir.resolve("cuda-natives.jar"));
        Path jcublasNatives = trim(jarOf(JCUBLAS_KEPT.getFirst()), JCUBLAS_KEPT, dir.resolve("jcublas-natives.jar"));
        List<Path> classpath = new ArrayList<>(List.of(cudaNatives, jcublasNatives,
                jarOf("org/bytedeco/javacpp/linux-x86_64/libjnijavacpp.so"),
                codeSource(CublasLoader.class), codeSource(CublasLoadProbe.class), codeSource(jcuda.Pointer.class),
                codeSource(jcuda.jcublas.JCublas2.class), codeSource(org.bytedeco.javacpp.Loader.class),
                codeSource(org.bytedeco.cuda.global.cublas.class)));
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(javaBin.toString(), "--enable-native-access=ALL-UNNAMED",
                "-Dorg.bytedeco.javacpp.cachedir=" + dir.resolve("javacpp-cache"), "-Djava.io.tmpdir=" + dir,
                "-cp", String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList()),
                CublasLoadProbe.class.getName()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe JVM did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        Map<String, String> reasons = new HashMap<>();
        out.lines().filter(l -> l.contains("\t")).forEach(l -> reasons.put(l.substring(0, l.indexOf('\t')), l.substring(l.indexOf('\t') + 1)));
        assumeTrue(!"loaded".equals(reasons.get("JAVACPP")) && !"loaded".equals(reasons.get("JCUBLAS")), "cuBLAS loads here: " + out);
        // A library missing from the trimmed jar would read "no jnicudart in java.library.path" instead.
        assertTrue(reasons.get("JAVACPP").matches("lib(cuda|cudart|cublas|cublasLt)\\.so\\.\\d+: cannot open shared object file.*"), out);
        assertTrue(reasons.get("JCUBLAS").startsWith("libcublas.so.12: cannot open shared object file"), out);
    }

    /** A copy of {@code jar} with only {@code keep}, as prepare.sh makes it. */
    private static Path trim(Path jar, List<String> keep, Path out) throws IOException {
        try (ZipFile in = new ZipFile(jar.toFile()); ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
            for (String name : keep) {
                ZipEntry e = in.getEntry(name);
                assertNotNull(e, jar.getFileName() + " has no " + name);
                zip.putNextEntry(new ZipEntry(name));
                try (InputStream data = in.getInputStream(e)) {
                    data.transferTo(zip);
                }
                zip.closeEntry();
            }
        }
        return out;
    }

    /** The jar on this test's class path that holds a resource. */
    private static Path jarOf(String resource) throws URISyntaxException {
        URL url = CublasNativesTest.class.getClassLoader().getResource(resource);
        assertNotNull(url, "no natives jar on the class path holds " + resource);
        String s = url.toString();
        assertTrue(s.startsWith("jar:file:"), s);
        return Path.of(new java.net.URI(s.substring(4, s.indexOf("!/"))));
    }

    private static Path codeSource(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
