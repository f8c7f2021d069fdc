#!/usr/bin/env bash
# JMH micro-benchmarks of the per-probe work (src/test/java/org/tsnlat/bench). Bounded: one fork,
# 3 x 1 s warm-up and 5 x 1 s measurement per benchmark of HotPathBenchmarks, 3 x 0.2 s and 5 x
# 0.2 s for RecordWriteBenchmark (its files) (about a minute). Usage: bench/jmh.sh [regex]
. "$(dirname "$0")/lib.sh"
JAVA_HOME=$("$here/bin/find-jdk"); export JAVA_HOME
cd "$here"
bin/maven -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test >/dev/null
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "target/test-classes:target/classes:$(cat target/bench.cp)" \
  org.openjdk.jmh.Main -f 1 -prof gc "${1:-HotPathBenchmarks|RecordWriteBenchmark}"
