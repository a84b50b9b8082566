#!/usr/bin/env bash
# Fetches an Apache Kafka broker's classpath from Maven Central into a cache outside the repo.
# Idempotent: a complete cache (marked by .complete) is reused without touching the network.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=kafka-env.sh
source "${here}/kafka-env.sh"

libs="${KAFKA_CACHE}/libs"
if [[ -f "${KAFKA_CACHE}/.complete" ]]; then
  echo "kafka ${KAFKA_VERSION}: cached in ${KAFKA_CACHE}"
  exit 0
fi
command -v mvn >/dev/null || { echo "fetch-kafka: mvn is not installed" >&2; exit 1; }

# The published kafka pom lists no slf4j binding, so the broker would log nothing; add the one its
# distribution ships: reload4j for 3.x, log4j2 for 4.x (whose binding needs slf4j 2, while kafka-clients
# still asks for 1.7 and would win Maven's nearest-first tie).
case "${KAFKA_VERSION}" in
  3.*) logging_deps='
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-reload4j</artifactId><version>1.7.36</version></dependency>' ;;
  *) logging_deps='
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>2.0.17</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j2-impl</artifactId><version>2.24.3</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>2.24.3</version></dependency>' ;;
esac

work="$(mktemp -d)"
trap 'rm -rf "${work}" "${staging:-}"' EXIT
cat >"${work}/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>wushe.infra</groupId>
  <artifactId>kafka-broker-classpath</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_${KAFKA_SCALA_VERSION}</artifactId><version>${KAFKA_VERSION}</version></dependency>${logging_deps}
  </dependencies>
</project>
POM

# Fill a sibling dir and rename it into place, so an interrupted fetch never looks complete.
staging="${KAFKA_CACHE}.partial"
rm -rf "${staging}"
mkdir -p "${staging}/libs"
echo "kafka ${KAFKA_VERSION}: fetching from Maven Central into ${KAFKA_CACHE}"
# copy-dependencies includes the direct dependency (kafka_2.13 itself) next to its transitive runtime deps.
if ! mvn -q -B -f "${work}/pom.xml" dependency:copy-dependencies \
  -DincludeScope=runtime -DoutputDirectory="${staging}/libs" >"${work}/mvn.log" 2>&1; then
  # Maven's first [ERROR] line names the missing artifact or the network failure.
  echo "fetch-kafka: Maven could not fetch kafka ${KAFKA_VERSION}: $(sed 's/\x1b\[[0-9;]*m//g' "${work}/mvn.log" | grep -m1 '\[ERROR\]')" >&2
  exit 1
fi
# ZooKeeper's transitive logback would be a second slf4j binding next to the one chosen above.
rm -f "${staging}/libs"/logback-*.jar
ls "${staging}/libs"/kafka_"${KAFKA_SCALA_VERSION}"-"${KAFKA_VERSION}".jar >/dev/null
echo "${KAFKA_VERSION}" >"${staging}/.complete"
rm -rf "${KAFKA_CACHE}"
mkdir -p "$(dirname "${KAFKA_CACHE}")"
mv "${staging}" "${KAFKA_CACHE}"
echo "kafka ${KAFKA_VERSION}: $(ls "${libs}" | wc -l) jars in ${libs}"
