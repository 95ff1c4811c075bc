#!/usr/bin/env bash
# System packages the tests use, installed only when missing (needs root or sudo, like CI here).
set -euo pipefail

need=()
command -v openssl >/dev/null || need+=(openssl)
# Chart text needs a font and fontconfig; without them every glyph renders as an empty box.
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core fontconfig)

# Telemetry tests run a real Prometheus, promtool and Alertmanager on 127.0.0.1 (prometheus 2.42, alertmanager 0.25).
[ -x /usr/bin/prometheus ] && [ -x /usr/bin/promtool ] || need+=(prometheus)
[ -x /usr/bin/prometheus-alertmanager ] || need+=(prometheus-alertmanager)
# The metrics-at-scale tests run a real VictoriaMetrics (1.79), a Prometheus-compatible engine.
[ -x /usr/bin/victoria-metrics ] || need+=(victoria-metrics)
# The store contract suite and the failover drill start a throwaway PostgreSQL (initdb, postgres) on 127.0.0.1.
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
# The manifest tests render the kustomize overlays with kubectl's built-in kustomize (kubectl >= 1.21 for
# `labels`, `replicas` and `patches`; Debian 12's kubernetes-client is 1.20: prefer a newer kubectl when CI has one).
command -v kubectl >/dev/null || need+=(kubernetes-client)
# The HA drill runs the server as the package's `postgres` user when the tests run as root.
command -v runuser >/dev/null || need+=(util-linux)

if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "installing: ${need[*]}"
  # The tests start their own instances; keep the packages' services from starting (and listening
  # on every interface) by declining service starts while installing, unless a policy already exists.
  added_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod +x /usr/sbin/policy-rc.d
    added_policy=1
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  [ -z "$added_policy" ] || $SUDO rm -f /usr/sbin/policy-rc.d
else
  echo "all present"
fi
