#!/usr/bin/env bash
# Stops the broker started by start-kafka.sh and removes its run dir (data, logs, config).
# --keep-data keeps the run dir, so the next start-kafka.sh restarts the same broker with its topics.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=kafka-env.sh
source "${here}/kafka-env.sh"
keep_data=false
[[ "${1:-}" == "--keep-data" ]] && keep_data=true
timeout_s="${KAFKA_STOP_TIMEOUT:-30}"

if [[ -f "${KAFKA_PID_FILE}" ]]; then
  pid="$(cat "${KAFKA_PID_FILE}")"
  if kill -0 "${pid}" 2>/dev/null; then
    # SIGTERM lets the broker close its logs cleanly, so a restart needs no log recovery.
    kill -TERM "${pid}"
    deadline=$((SECONDS + timeout_s))
    while kill -0 "${pid}" 2>/dev/null; do
      if ((SECONDS >= deadline)); then
        echo "kafka: pid ${pid} ignored SIGTERM for ${timeout_s}s; killing it" >&2
        kill -KILL "${pid}" 2>/dev/null || true
        break
      fi
      sleep 0.2
    done
    echo "kafka: stopped pid ${pid}" >&2
  fi
  rm -f "${KAFKA_PID_FILE}"
else
  echo "kafka: no pid file at ${KAFKA_PID_FILE}; nothing running" >&2
fi
if [[ "${keep_data}" == false ]]; then
  rm -rf "${KAFKA_RUN_DIR}"
fi
