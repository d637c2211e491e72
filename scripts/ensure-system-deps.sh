#!/usr/bin/env bash
# Install the system programs coach needs from Debian's packages, only when they are missing.
#   (no argument)  what the app needs: Node.js + npm (to fetch pose models)
#   --test         plus what the test suite needs: PostgreSQL server, Chromium + ChromeDriver,
#                  ffmpeg (fake-camera clips for the browser tests), poppler-utils (pdftotext and
#                  pdfinfo read the PDF progress report back in its tests), nginx and coturn (the
#                  clinic recipe's proxy and TURN server, run from deploy/ by the browser tests)
set -euo pipefail

need=()
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
if [[ "${1:-}" == "--test" ]]; then
  pg_found=""
  for d in /usr/lib/postgresql/*/bin /usr/local/bin /usr/bin; do
    [[ -x "$d/initdb" && -x "$d/pg_ctl" && -x "$d/postgres" ]] && pg_found="$d"
  done
  [[ -n "$pg_found" ]] || need+=(postgresql)
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
  command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
  command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
  [[ -x /usr/sbin/nginx ]] || need+=(nginx)
  [[ -x /usr/bin/turnserver ]] || need+=(coturn)
fi

((${#need[@]})) || exit 0
echo "installing system packages: ${need[*]}" >&2
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "missing: ${need[*]} — install them with your package manager (apt-get install ${need[*]})" >&2
    exit 1
  fi
else
  SUDO=""
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
