#!/usr/bin/env bash
# Runs HERE (the machine with the JDK and Maven): assembles .device/bundle.tgz, everything bench/gpu/run.sh
# needs on the GPU machine, which has no JDK, no Maven and no network:
#   jre/        a jlink'd Java 25 runtime (/work/shared/tools/make-device-runtime.sh)
#   lib/        the thin lightbulb jar (with the fatbin), its runtime jars for the GPU tests, JUnit
#   tests/      the compiled gpu-tagged test classes and the launcher
#   shared/     the few shared-data files those tests read (stories260K and its references)
# Then on the device (one call): bench/gpu/run.sh, with carry [".device"].
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
M2="${M2_REPO:-$HOME/.m2/repository}"
SHARED="${LIGHTBULB_SHARED:-$ROOT/../../shared}"
[ -d "$SHARED" ] || SHARED=/work/shared
STAGE=.device/stage
rm -rf .device && mkdir -p "$STAGE"/{lib,tests,shared/models/tinystories,shared/models/reference}

echo "== kernels (so the jar carries the fatbin) =="
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j2 --target lightbulb_fatbin

echo "== jar and test classes =="
mvn -o -q -B -pl java -DskipTests package
mvn -o -q -B -pl java test-compile
cp java/target/lightbulb-0.1.0-SNAPSHOT.jar "$STAGE/lib/lightbulb.jar"
unzip -l "$STAGE/lib/lightbulb.jar" | grep -q lightbulb.fatbin || { echo "the jar has no fatbin" >&2; exit 1; }

jar() { local f="$M2/$1"; [ -f "$f" ] || { echo "missing $f (run mvn once online)" >&2; exit 1; }; cp "$f" "$STAGE/lib/"; }
jar org/jcuda/jcuda/12.6.0/jcuda-12.6.0.jar
jar org/jcuda/jcuda-natives/12.6.0/jcuda-natives-12.6.0-linux-x86_64.jar
# cuBLAS (matmul mode cublas, CudaCublasGpuTest): the natives jars trimmed to the JNI libraries the two bindings
# load (JavaCPP's holds one for every CUDA module); CublasNativesTest checks that these entries are enough.
trim() {  # trim JAR ENTRY...: copy only ENTRY... of the jar
    local f="$M2/$1" tmp; shift
    [ -f "$f" ] || { echo "missing $f (run mvn once online)" >&2; exit 1; }
    tmp=$(mktemp -d); unzip -q "$f" "$@" -d "$tmp"
    "$JAVA_HOME/bin/jar" --create --no-manifest --file "$STAGE/lib/$(basename "$f")" -C "$tmp" .; rm -rf "$tmp"
}
CUDA_JAVACPP=13.1-9.19-1.5.13
jar org/bytedeco/javacpp/1.5.13/javacpp-1.5.13.jar
jar org/bytedeco/javacpp/1.5.13/javacpp-1.5.13-linux-x86_64.jar
jar org/bytedeco/cuda/$CUDA_JAVACPP/cuda-$CUDA_JAVACPP.jar
trim org/bytedeco/cuda/$CUDA_JAVACPP/cuda-$CUDA_JAVACPP-linux-x86_64.jar \
    org/bytedeco/cuda/linux-x86_64/libjnicublas.so org/bytedeco/cuda/linux-x86_64/libjnicudart.so
jar org/jcuda/jcublas/12.6.0/jcublas-12.6.0.jar
trim org/jcuda/jcublas-natives/12.6.0/jcublas-natives-12.6.0-linux-x86_64.jar lib/libJCublas2-12.6.0-linux-x86_64.so
for a in jackson-databind jackson-core; do jar com/fasterxml/jackson/core/$a/2.20.1/$a-2.20.1.jar; done
JA=$(ls "$M2"/com/fasterxml/jackson/core/jackson-annotations/ | grep '^2\.20' | head -1)
jar com/fasterxml/jackson/core/jackson-annotations/$JA/jackson-annotations-$JA.jar
jar info/picocli/picocli/4.7.7/picocli-4.7.7.jar
for a in junit-jupiter-api junit-jupiter-engine junit-jupiter-params; do jar org/junit/jupiter/$a/5.13.4/$a-5.13.4.jar; done
for a in junit-platform-commons junit-platform-engine junit-platform-launcher; do jar org/junit/platform/$a/1.13.4/$a-1.13.4.jar; done
jar org/opentest4j/opentest4j/1.3.0/opentest4j-1.3.0.jar
jar org/apiguardian/apiguardian-api/1.1.2/apiguardian-api-1.1.2.jar

# Only the GPU test classes and what they use (JUnit discovery must not trip on classes of other suites).
(cd java/target/test-classes && find dev/lightbulb/SharedData.class dev/lightbulb/backend/cuda dev/lightbulb/model \
    \( -name 'Cuda*Gpu*.class' -o -name 'SharedData.class' -o -name 'ReferenceOutputs*.class' -o -name 'GgufLogitsTest*.class' \) \
    -exec cp --parents {} "$ROOT/$STAGE/tests/" \;)
"$JAVA_HOME/bin/javac" -d "$STAGE/tests" -cp "$STAGE/lib/*" bench/gpu/GpuTestLauncher.java

cp "$SHARED"/models/tinystories/{stories260K.bin,tok512.bin} "$STAGE/shared/models/tinystories/"
cp "$SHARED"/models/reference/stories260K_{greedy,logits}_once.json "$STAGE/shared/models/reference/"

echo "== Java runtime =="
bash "$SHARED/tools/make-device-runtime.sh" "$STAGE/jre" | tail -1

tar -C "$STAGE" -czf .device/bundle.tgz .
rm -rf "$STAGE"
echo "ready: .device/bundle.tgz ($(du -h .device/bundle.tgz | cut -f1)); on the GPU machine run bench/gpu/run.sh with carry [\".device\"]"
