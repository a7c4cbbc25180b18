#!/usr/bin/env bash
# 确保无头浏览器测试所需的 Debian Chromium 与中文（CJK）字体已安装。
# Ensure Debian's Chromium and a CJK font are installed for headless browser tests.
#
# stdout: exactly one line, the Chromium executable path.
# stderr: progress / error messages.
# Idempotent and fast when everything is already installed. Works without a
# TTY (CI=true, no stdin).
set -euo pipefail

CHROMIUM=/usr/bin/chromium

log() { printf 'browser.sh: %s\n' "$*" >&2; }

have_chromium() { [[ -x "$CHROMIUM" ]]; }

have_cjk_font() {
	command -v fc-list >/dev/null 2>&1 || return 1
	[[ -n "$(fc-list :lang=zh family 2>/dev/null)" ]]
}

if ! have_chromium || ! have_cjk_font; then
	missing=()
	have_chromium || missing+=("chromium")
	have_cjk_font || missing+=("CJK font")
	if [[ -f /etc/debian_version && "$(id -u)" -eq 0 ]]; then
		log "缺少 ${missing[*]}，正在安装 chromium fonts-noto-cjk（apt-get）…"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq </dev/null >&2
		# fontconfig provides fc-list, which the check above relies on.
		apt-get install -y -qq \
			chromium fonts-noto-cjk fontconfig </dev/null >&2
	else
		log "缺少 ${missing[*]}：请安装 chromium 和 fonts-noto-cjk（sudo apt-get install chromium fonts-noto-cjk）"
		exit 1
	fi
	if ! have_chromium; then
		log "安装后仍找不到 $CHROMIUM"
		exit 1
	fi
	if ! have_cjk_font; then
		log "安装后 fc-list :lang=zh 仍找不到中文字体"
		exit 1
	fi
fi

printf '%s\n' "$CHROMIUM"
