#!/usr/bin/env bash
# Starts a one-node KRaft Kafka (broker + controller) on 127.0.0.1 for tests, from the cached jars.
# Reuses an existing data dir (so stop-kafka.sh --keep-data + start is a broker restart); formats a new one.
# Prints the bootstrap address on the last line. Fails within KAFKA_START_TIMEOUT seconds (default 60).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=kafka-env.sh
source "${here}/kafka-env.sh"
timeout_s="${KAFKA_START_TIMEOUT:-60}"

port_answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
running_pid() {
  [[ -f "${KAFKA_PID_FILE}" ]] || return 1
  local pid; pid="$(cat "${KAFKA_PID_FILE}")"
  kill -0 "${pid}" 2>/dev/null && echo "${pid}"
}

if pid="$(running_pid)"; then
  echo "kafka: already running (pid ${pid}) on 127.0.0.1:${KAFKA_PORT}"
  echo "127.0.0.1:${KAFKA_PORT}"
  exit 0
fi
if port_answers "${KAFKA_PORT}" || port_answers "${KAFKA_CONTROLLER_PORT}"; then
  echo "kafka: port ${KAFKA_PORT} or ${KAFKA_CONTROLLER_PORT} is taken by another process" >&2
  exit 1
fi

"${here}/fetch-kafka.sh" >&2
command -v java >/dev/null || { echo "kafka: java is not installed (Java 17+ needed)" >&2; exit 1; }

mkdir -p "${KAFKA_RUN_DIR}/data" "${KAFKA_RUN_DIR}/logs"
config="${KAFKA_RUN_DIR}/server.properties"
cat >"${config}" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${KAFKA_CONTROLLER_PORT}
listeners=PLAINTEXT://127.0.0.1:${KAFKA_PORT},CONTROLLER://127.0.0.1:${KAFKA_CONTROLLER_PORT}
advertised.listeners=PLAINTEXT://127.0.0.1:${KAFKA_PORT}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=${KAFKA_RUN_DIR}/data
num.partitions=1
auto.create.topics.enable=false
# One node: internal topics must not ask for more replicas than exist, or groups never get a coordinator.
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=3
group.initial.rebalance.delay.ms=0
# Tests delete nothing by time; keep segments small so a long run does not fill the temp dir.
log.segment.bytes=16777216
log.retention.bytes=268435456
PROPS

classpath="${KAFKA_CACHE}/libs/*"
# A test broker lives for seconds to minutes: C1-only JIT and the serial GC start faster on 2 cores
# than the tuned-for-throughput defaults. KAFKA_HEAP_OPTS / KAFKA_JVM_PERFORMANCE_OPTS override them.
read -r -a heap_opts <<<"${KAFKA_HEAP_OPTS:--Xms128m -Xmx512m}"
read -r -a performance_opts <<<"${KAFKA_JVM_PERFORMANCE_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}"
jvm_opts=("${heap_opts[@]}" "${performance_opts[@]}" -Djava.awt.headless=true
  "-Dkafka.logs.dir=${KAFKA_RUN_DIR}/logs"
  "-Dlog4j.configuration=file:${here}/log4j.properties"
  "-Dlog4j2.configurationFile=${here}/log4j2.yaml")

if [[ ! -f "${KAFKA_RUN_DIR}/data/meta.properties" ]]; then
  # Kafka's cluster id is 16 random bytes in unpadded base64url; made here to save a JVM start.
  # Like Kafka's own Uuid.randomUuid, never one starting with '-', which would read as an option.
  cluster_id="-"
  while [[ "${cluster_id}" == -* ]]; do
    cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
  done
  java -cp "${classpath}" "${jvm_opts[@]}" kafka.tools.StorageTool format \
    --cluster-id="${cluster_id}" -c "${config}" --ignore-formatted >"${KAFKA_RUN_DIR}/logs/format.out" 2>&1 \
    || { cat "${KAFKA_RUN_DIR}/logs/format.out" >&2; exit 1; }
fi

# setsid: the broker outlives the shell (and a test runner's process group) until stop-kafka.sh.
setsid nohup java -cp "${classpath}" "${jvm_opts[@]}" kafka.Kafka "${config}" \
  >"${KAFKA_RUN_DIR}/logs/kafka.out" 2>&1 </dev/null &
echo $! >"${KAFKA_PID_FILE}"
pid="$(cat "${KAFKA_PID_FILE}")"

# The port is bound before the broker serves requests; the log line says it finished starting.
deadline=$((SECONDS + timeout_s))
until port_answers "${KAFKA_PORT}" && grep -q "Kafka Server started" "${KAFKA_RUN_DIR}/logs/server.log" 2>/dev/null; do
  if ! kill -0 "${pid}" 2>/dev/null; then
    echo "kafka: broker exited during start; last lines of its log:" >&2
    tail -n 30 "${KAFKA_RUN_DIR}/logs/server.log" "${KAFKA_RUN_DIR}/logs/kafka.out" >&2 2>/dev/null || true
    rm -f "${KAFKA_PID_FILE}"
    exit 1
  fi
  if ((SECONDS >= deadline)); then
    echo "kafka: not ready after ${timeout_s}s; stopping it" >&2
    kill "${pid}" 2>/dev/null || true
    exit 1
  fi
  sleep 0.2
done
echo "kafka ${KAFKA_VERSION}: started (pid ${pid}) on 127.0.0.1:${KAFKA_PORT}, run dir ${KAFKA_RUN_DIR}" >&2
echo "127.0.0.1:${KAFKA_PORT}"
