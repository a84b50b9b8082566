# Shared defaults for the Kafka scripts; sourced, never run. Override any of them from the environment.
# 3.9.x: the newest line that still accepts every protocol version kafkajs 2.2.4 sends (see infra/README.md).
KAFKA_VERSION="${KAFKA_VERSION:-3.9.2}"
KAFKA_SCALA_VERSION="${KAFKA_SCALA_VERSION:-2.13}"
KAFKA_CACHE="${KAFKA_CACHE:-${HOME}/.cache/wushe-kafka/${KAFKA_VERSION}}"
KAFKA_PORT="${KAFKA_PORT:-19092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}"
# Runtime state (config, data, logs, pid) lives in one temp dir per broker port so two brokers never share it.
KAFKA_RUN_DIR="${KAFKA_RUN_DIR:-${TMPDIR:-/tmp}/wushe-kafka-${KAFKA_PORT}}"
KAFKA_PID_FILE="${KAFKA_RUN_DIR}/kafka.pid"
