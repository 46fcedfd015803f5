#!/usr/bin/env bash
# Installs the Debian packages yusuan's tests and PDF/browser features need, only when missing.
# Safe to run repeatedly; does nothing when everything is present.
set -euo pipefail
need=()
for pkg in $(grep -v '^#' "$(dirname "$0")/debian-packages.txt"); do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "缺少 Debian 软件包：${need[*]}；请以 root 运行：apt-get install -y ${need[*]}" >&2
  exit 2
fi
echo "安装 Debian 软件包：${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
