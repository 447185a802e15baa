#!/usr/bin/env bash
# Installs what the tests need from Debian when it is missing: Prometheus and Alertmanager (the real binaries the
# integration tests start), Chromium (for Playwright) and python3-proxmoxer (a real Proxmox API
# client). Needs root, as in CI.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
updated=0
install() { # install PACKAGE... (apt-get update once, first)
  [ "$updated" = 1 ] || { apt-get update -qq; updated=1; }
  echo "setup: installing $* from Debian"
  apt-get install -y -qq "$@" >/dev/null
}
[ -x /usr/bin/prometheus ] || install --no-install-recommends prometheus
# Alertmanager: the overview silences alerts through its API v2 (issue 21).
[ -x /usr/bin/prometheus-alertmanager ] || install --no-install-recommends prometheus-alertmanager
[ -x /usr/bin/chromium ] || install chromium fonts-dejavu-core
# A real Proxmox API client, to check the demo lab's Proxmox VE API against (issue 19).
/usr/bin/python3 -c 'import proxmoxer' 2>/dev/null || install python3-proxmoxer
# The machine's PostgreSQL serves the integration tests; start it if it is not running.
if command -v pg_isready >/dev/null && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "setup: starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
fi
