#!/usr/bin/env bash
# Install the Debian packages the portal needs, only those missing. Usage: system-packages.sh run|test|bench
set -euo pipefail
want=()
python3 -c "import ensurepip" 2>/dev/null || want+=(python3-venv)
# Pango, which WeasyPrint uses to lay out the board pack PDF
dpkg -s libpangoft2-1.0-0 >/dev/null 2>&1 || want+=(libpango-1.0-0 libpangoft2-1.0-0)
if [ "${1:-run}" != "run" ]; then
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || want+=(postgresql)
  [ -x /usr/bin/chromium ] || want+=(chromium)  # browser tests, and bench/taps_bench.py
fi
if [ "${1:-run}" = "test" ]; then
  # fonts for Gujarati, Gurmukhi and Urdu, so screenshots of those pages can be read
  [ -d /usr/share/fonts/truetype/noto ] || want+=(fonts-noto-core)
fi
if [ "${1:-run}" = "bench" ]; then
  command -v wrk >/dev/null || want+=(wrk)  # HTTP load generator for bench/http_bench.py
fi
[ ${#want[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing Debian packages: ${want[*]}"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${want[@]}"
