#!/usr/bin/env bash
# Runs HERE (the build machine: JDK 25, Maven, nvcc): assembles .device/bundle.txz, everything bench/gpu/run.sh
# needs on the GPU machine, which has no JDK, no Maven and no network:
#   jre/       a jlink'd Java 25 runtime (java.desktop included: Jinjava's EL needs java.beans), uncompressed
#   lib/       lightbulb.jar (with the fatbin) and every runtime and test jar, stored uncompressed so that the xz of
#              the whole bundle compresses the classes once (about half the size of deflated jars)
#   tests/     the compiled test classes and GpuTestLauncher
#   native/    lightbulb.fatbin, lb_check_kernels, lb_bench_kernels (run.sh rebuilds them there if they do not run)
#   shared/    the few reference files the GPU tests read (stories260K and its llama2.c reference outputs)
# Then on the GPU machine, in one call: bash bench/gpu/run.sh, carrying .device (see bench/README.md, "GPU").
# DRY_RUN=1 bash bench/gpu/run.sh runs the same script here: with no GPU it must end cleanly and say so.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
for c in "${JAVA_HOME:-}" /usr/lib/jvm/*25*; do
  if [ -n "$c" ] && [ -x "$c/bin/jlink" ] && grep -q 'JAVA_VERSION="2[5-9]' "$c/release" 2>/dev/null; then export JAVA_HOME="$c"; break; fi
done
[ -x "${JAVA_HOME:-}/bin/jlink" ] || { echo "prepare.sh: needs a Java 25 JDK with jlink (set JAVA_HOME)" >&2; exit 1; }
SHARED="${LIGHTBULB_SHARED:-$ROOT/../shared}"
[ -d "$SHARED/models" ] || { echo "prepare.sh: reference data not found at $SHARED (set LIGHTBULB_SHARED)" >&2; exit 1; }
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
STAGE=.device/stage
rm -rf .device && mkdir -p "$STAGE"/{lib,tests,native,shared/models/tinystories,shared/models/reference}

echo "== kernels and native harness (cmake + nvcc) =="
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j2 >/dev/null
cp build/kernels/lightbulb.fatbin build/native/lb_check_kernels build/native/lb_bench_kernels "$STAGE/native/"

echo "== jar, test classes, dependencies (Maven, offline) =="
mvn -o -q -B -pl java -DskipTests package
mvn -o -q -B -pl java test-compile
unzip -l java/target/lightbulb-0.1.0-SNAPSHOT.jar | grep -q lightbulb.fatbin || { echo "the jar has no fatbin" >&2; exit 1; }
DEPS=.device/deps
mvn -o -q -B -pl java dependency:copy-dependencies -DincludeScope=test -DoutputDirectory="$ROOT/$DEPS"
cp java/target/lightbulb-0.1.0-SNAPSHOT.jar "$DEPS/lightbulb.jar"

# Native libraries in jars: only what the GPU machine loads. JCuda: the driver API (libcuda.so.1 is all it needs
# there); cuBLAS: JavaCPP's cudart and cublas bindings and JCublas2 (the CUDA libraries themselves come from the
# GPU machine). CublasNativesTest checks that these entries are named here and are enough to load the bindings.
keep_only() {  # keep_only JAR ENTRY...: drops every native library entry of JAR that is not one of ENTRY...
  local jar="$1" drop; shift
  drop=$(unzip -Z1 "$jar" | grep -E '\.(so[.0-9]*|dll|dylib|jnilib)$' | grep -vxF -f <(printf '%s\n' "$@") || true)
  [ -z "$drop" ] || zip -q -d "$jar" $drop >/dev/null
}
for j in "$DEPS"/*.jar; do
  case "$(basename "$j")" in
    jcuda-natives-*) keep_only "$j" lib/libJCudaDriver-12.6.0-linux-x86_64.so ;;
    jcublas-natives-*) keep_only "$j" lib/libJCublas2-12.6.0-linux-x86_64.so ;;
    cuda-*-linux-x86_64.jar) keep_only "$j" org/bytedeco/cuda/linux-x86_64/libjnicublas.so org/bytedeco/cuda/linux-x86_64/libjnicudart.so ;;
    *-windows-*|*-macosx-*|*-linux-arm64*|*-linux-ppc64le*) rm -f "$j" ;;
  esac
done
# Store every jar uncompressed (the bundle's xz then compresses across classes).
for j in "$DEPS"/*.jar; do
  x=$(mktemp -d)
  (cd "$x" && unzip -q "$ROOT/$j" && zip -q -0 -r -X "$ROOT/$STAGE/lib/$(basename "$j")" .)
  rm -rf "$x"
done
rm -rf "$DEPS"

cp -r java/target/test-classes/. "$STAGE/tests/"
"$JAVA_HOME/bin/javac" -d "$STAGE/tests" -cp "$STAGE/lib/*" bench/gpu/GpuTestLauncher.java

cp "$SHARED"/models/tinystories/{stories260K.bin,tok512.bin} "$STAGE/shared/models/tinystories/"
cp "$SHARED"/models/reference/stories260K_{greedy,logits}_once.json "$STAGE/shared/models/reference/"

echo "== Java runtime (jlink) =="
NO_AWT=""
for l in awt awt_xawt awt_headless fontmanager freetype javajpeg lcms mlib_image splashscreen jsound; do NO_AWT="$NO_AWT,**/lib$l.so"; done
"$JAVA_HOME/bin/jlink" --add-modules java.base,jdk.incubator.vector,jdk.unsupported,java.logging,java.management,jdk.management,java.desktop \
    --strip-debug --no-man-pages --no-header-files --exclude-files="${NO_AWT#,}" --output "$STAGE/jre" 2>&1 | grep -v 'incubator' || true
strip --strip-unneeded "$STAGE"/jre/lib/server/libjvm.so "$STAGE"/jre/lib/*.so 2>/dev/null || true
"$STAGE/jre/bin/java" -version 2>&1 | head -1

git rev-parse --short HEAD >"$STAGE/COMMIT" 2>/dev/null || echo unknown >"$STAGE/COMMIT"
git diff --quiet HEAD 2>/dev/null || echo "(with uncommitted changes)" >>"$STAGE/COMMIT"

echo "== bundle (xz) =="
XZ_OPT="-6 -T0" tar -C "$STAGE" -cJf .device/bundle.txz .
rm -rf "$STAGE"
size=$(stat -c %s .device/bundle.txz)
echo "ready: .device/bundle.txz ($((size / 1048576)) MiB; the whole carried tree must stay under 64 MiB)"
echo "on the GPU machine: bash bench/gpu/run.sh, with carry [\".device\"]"
