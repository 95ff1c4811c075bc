#!/usr/bin/env bash
# System packages the tests use, installed only when missing (needs root or sudo, like CI here).
set -euo pipefail

need=()
command -v openssl >/dev/null || need+=(openssl)
# Chart text needs a font and fontconfig; without them every glyph renders as an empty box.
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core fontconfig)

if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "installing: ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
else
  echo "all present"
fi
