#!/usr/bin/env bash
# Packs a self-contained bundle for a GPU machine that has CUDA but no Java:
#
#   bundle/jre/     a jlink Java runtime
#   bundle/lib/     the tensor jar (with the kernel fatbins), the other modules' jars and their
#                   dependencies (JCuda driver natives only; no FFmpeg natives: the GPU run reads
#                   frame folders), and the JUnit console launcher
#   bundle/tests/   the test classes (GPU parity tests, runtime tests, the end-to-end device parity)
#
# bundle/ is git-ignored; carry it to the GPU machine and run tools/gpu-run.sh from the repo root.
# Usage: tools/pack-bundle.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
bundle="$root/bundle"
limit_mib=64

if [[ "${1:-}" != "--no-build" ]]; then
  # offline first (CI and developer machines have ~/.m2 filled); online as a fallback
  # two invocations: with "package test-compile" in one, the second pass hands the shade plugin the
  # reactor's class folders instead of the module jars ("nn/target/classes (Is a directory)")
  for phase in package test-compile; do
    mvn -B -ntp -q -o -pl app -am -DskipTests "$phase" 2>/dev/null \
      || mvn -B -ntp -q -pl app -am -DskipTests "$phase"
  done
fi
jar="$(ls tensor/target/aedmae-tensor-*.jar | grep -v -- '-tests' | head -1)"
if ! unzip -l "$jar" | grep 'aedmae/kernels/gemm.fatbin' >/dev/null; then  # no -q: an early exit would break the pipe
  echo "pack-bundle: $jar has no kernel fatbins (was nvcc missing at build time?)" >&2
  exit 1
fi

rm -rf "$bundle"
mkdir -p "$bundle/lib" "$bundle/tests"

# runtime dependencies of the modules (the app's include the others'; reactor modules come as jars below)
cp_file="$(mktemp)"
mvn -B -ntp -q -o -pl app -am -DskipTests package dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile="$cp_file" -Dmdep.appendOutput=true >/dev/null 2>&1 \
  || mvn -B -ntp -q -pl app -am -DskipTests package dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile="$cp_file" -Dmdep.appendOutput=true >/dev/null
IFS=":" read -r -a deps < <(tr '\n' ':' < "$cp_file") || true
rm -f "$cp_file"
for d in "${deps[@]}"; do
  [[ -z "$d" || ! -f "$d" || -f "$bundle/lib/$(basename "$d")" ]] && continue
  case "$(basename "$d")" in
    aedmae-*) ;; # the reactor's own jars are copied below
    ffmpeg-*-linux-*|ffmpeg-*-windows-*|ffmpeg-*-macosx-*|javacpp-*-linux-*|javacpp-*-windows-*|javacpp-*-macosx-*|*-android-*|*-ios-*) ;;
    openblas-*-linux-*|openblas-*-windows-*|openblas-*-macosx-*) ;; # the off-by-default OpenBLAS GEMM: 30 MiB of natives the GPU run does not use
    kafka-*|zstd-jni-*|snappy-java-*|lz4-java-*|prometheus-*) ;; # live cameras' Kafka and metrics: 22 MiB the GPU run does not use
    jcuda-natives-*)
      # keep only the driver bindings: the CUDA-12 runtime/NVRTC natives cannot load on CUDA 13 anyway
      tmp="$(mktemp -d)"
      (cd "$tmp" && unzip -q "$d" 'lib/libJCudaDriver-*' 'META-INF/MANIFEST.MF' && jar cfm "$bundle/lib/$(basename "$d")" META-INF/MANIFEST.MF lib)
      rm -rf "$tmp" ;;
    *) cp "$d" "$bundle/lib/" ;;
  esac
done
cp "$jar" "$bundle/lib/"
for m in nn datasets; do cp "$(ls $m/target/aedmae-$m-*.jar | head -1)" "$bundle/lib/"; done
cp app/target/aedmae-0.1.0-SNAPSHOT.jar "$bundle/lib/aedmae-app.jar"
jar cf "$bundle/tests/aedmae-tensor-tests.jar" -C tensor/target/test-classes .
jar cf "$bundle/tests/aedmae-app-tests.jar" -C app/target/test-classes .

# the vendor-library probe's binding (test scope in tensor): JCublas2 with its Linux natives (org.jcuda:jcudnn:12.6.0
# is not on Maven Central: cuDNN is probed through PyTorch)
jv="$(sed -n 's:.*<jcuda.version>\(.*\)</jcuda.version>.*:\1:p' pom.xml)"
for a in jcublas; do
  for art in "org.jcuda:$a:$jv" "org.jcuda:$a-natives:$jv:jar:linux-x86_64"; do
    mvn -B -ntp -q -o dependency:copy -Dartifact="$art" -DoutputDirectory="$bundle/lib" >/dev/null 2>&1 \
      || mvn -B -ntp -q dependency:copy -Dartifact="$art" -DoutputDirectory="$bundle/lib" >/dev/null
  done
done

# the JUnit console launcher matching the project's JUnit (5.x.y -> platform 1.x.y)
junit="$(sed -n 's:.*<junit.version>5\.\([0-9.]*\)</junit.version>.*:\1:p' pom.xml)"
console="org.junit.platform:junit-platform-console-standalone:1.$junit"
mvn -B -ntp -q -o dependency:copy -Dartifact="$console" -DoutputDirectory="$bundle/lib" >/dev/null 2>&1 \
  || mvn -B -ntp -q dependency:copy -Dartifact="$console" -DoutputDirectory="$bundle/lib" >/dev/null

# a small Java runtime: the modules the jars need (jdeps) plus those the application will
modules="java.base,java.desktop,java.logging,java.management,jdk.management,jdk.incubator.vector,jdk.unsupported,jdk.zipfs"
needed="$(jdeps --ignore-missing-deps --print-module-deps --multi-release 17 --add-modules jdk.incubator.vector \
  "$jar" "$bundle"/lib/jcuda-1*.jar 2>/dev/null || true)"
[[ -n "$needed" ]] && modules="$modules,$needed"
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 --output "$bundle/jre"
# plain files only: the legal notices are relative links, which a copy to another machine may drop
find "$bundle/jre" -type l | while read -r link; do cp --remove-destination "$(readlink -f "$link")" "$link"; done
# libjvm.so ships its symbol tables (24 MiB; 20 without them)
command -v strip >/dev/null && find "$bundle/jre" -name '*.so' -exec strip --strip-unneeded {} + || true

# the carry limit counts everything that travels: the tracked tree as well as the bundle
size_kib="$(du -sk "$bundle" | cut -f1)"
tree_kib="$(git ls-files -z | du -ck --files0-from=- 2>/dev/null | tail -1 | cut -f1)"
total_kib=$((size_kib + tree_kib))
echo "pack-bundle: $bundle: $((size_kib / 1024)) MiB (jre $(du -sm "$bundle/jre" | cut -f1) MiB, lib $(du -sm "$bundle/lib" | cut -f1) MiB, tests $(du -sm "$bundle/tests" | cut -f1) MiB) + tracked tree $((tree_kib / 1024)) MiB = $((total_kib / 1024)) MiB"
if (( total_kib > limit_mib * 1024 )); then
  echo "pack-bundle: the bundle and the tracked tree together exceed the $limit_mib MiB carry limit" >&2
  exit 1
fi
