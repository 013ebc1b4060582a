#!/usr/bin/env bash
# Installs what Synthesis needs beyond the .NET 10 SDK on Debian/Ubuntu: ffmpeg (audio and video decoding),
# Tesseract with French (photo OCR), Chromium (the web app's browser tests) and PostgreSQL (the second store: its tests
# start a server of their own with initdb and pg_ctl; no cluster needs to run). Safe to run again: it only installs what is missing.
set -euo pipefail
packages=(ffmpeg tesseract-ocr tesseract-ocr-fra chromium postgresql)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo_cmd=""
  [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
  echo "Installing ${missing[*]}" >&2
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required: https://dot.net" >&2; exit 1; }
