#!/usr/bin/env bash
# .ci/pg-url.sh [DBNAME]
#
# 确保有可用的 PostgreSQL，并在 stdout 上打印一行连接 URL。
# Make sure a PostgreSQL server is available and print ONE line on stdout:
#
#   postgres://postgres@127.0.0.1:PORT/DBNAME?sslmode=disable
#
# DBNAME defaults to "xietong"; that database is created when missing.
# `pg-url.sh postgres` gives an admin URL to the always-present "postgres"
# database and creates nothing.
# If DATABASE_URL is set it is printed unchanged (the argument is ignored).
#
# Where the server comes from, in order:
#   1. something already answering on 127.0.0.1:5432;
#   2. a Debian cluster listed by pg_lsclusters (started if down);
#   3. a private cluster under $REPO/.data/pg (if initdb exists but no
#      Debian cluster), on port 5432, or 55432 if 5432 is taken;
#   4. as root on Debian: apt-get install postgresql, then 2 or 3.
# Progress and errors go to stderr. Idempotent; fast when the server is up.
# Works without a TTY (CI=true, no stdin) and as root.
#
# ICU: nothing to do here. Debian's postgresql package is built with ICU, so
# the collations "zh-x-icu" / "zh-Hans-x-icu" exist in every database of a
# Debian-packaged server (clusters created by initdb import them too).
set -euo pipefail

DB="${1:-xietong}"

if [[ -n "${DATABASE_URL:-}" ]]; then
	printf '%s\n' "$DATABASE_URL"
	exit 0
fi

log() { printf 'pg-url.sh: %s\n' "$*" >&2; }
die() {
	log "$*"
	exit 1
}

# Keep the name simple: it goes into a URL path and into SQL unescaped.
if [[ ! "$DB" =~ ^[A-Za-z0-9_][A-Za-z0-9_-]{0,62}$ ]]; then
	die "数据库名不合法 / invalid database name: $DB"
fi

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
DATA_BASE="$REPO/.data"
HOST=127.0.0.1
DEFAULT_PORT=5432
ALT_PORT=55432
WAIT_SECS=30

PORT=""
JUST_INSTALLED=0

is_root() { [[ "$(id -u)" -eq 0 ]]; }
is_debian_root() { [[ -f /etc/debian_version ]] && is_root; }
in_ci() { [[ -n "${CI:-}" && "${CI:-}" != false && "${CI:-}" != 0 ]]; }

# pgbin NAME: path of a PostgreSQL program. Prefers the real binaries in
# versioned directories (newest first) over Debian's /usr/bin wrappers,
# which fail when no client of a matching version is installed.
pgbin() {
	local name=$1 d
	while IFS= read -r d; do
		if [[ -x "$d/$name" ]]; then
			printf '%s\n' "$d/$name"
			return 0
		fi
	done < <({
		compgen -G '/usr/lib/postgresql/*/bin' || true
		compgen -G '/usr/pgsql-*/bin' || true
	} | sort -rV)
	command -v "$name" 2>/dev/null
}

find_tools() {
	PSQL="$(pgbin psql || true)"
	PG_ISREADY="$(pgbin pg_isready || true)"
}
find_tools

tcp_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# pg_state PORT: prints ready | starting | none
pg_state() {
	local port=$1 rc=0
	if [[ -n "$PG_ISREADY" ]]; then
		"$PG_ISREADY" -q -h "$HOST" -p "$port" -t 2 >/dev/null 2>&1 || rc=$?
		case $rc in
		0) echo ready ;;
		1) if tcp_open "$port"; then echo starting; else echo none; fi ;;
		*) echo none ;;
		esac
	elif tcp_open "$port"; then
		echo ready
	else
		echo none
	fi
}

wait_ready() {
	local port=$1 i
	for ((i = 0; i < WAIT_SECS * 4; i++)); do
		[[ "$(pg_state "$port")" == ready ]] && return 0
		sleep 0.25
	done
	return 1
}

psql_q() { # PORT DBNAME SQL
	PGCONNECT_TIMEOUT=5 "$PSQL" -X -w -q -v ON_ERROR_STOP=1 \
		-h "$HOST" -p "$1" -U postgres -d "$2" -Atc "$3" </dev/null
}

# Serialise the slow paths (parallel `go test` packages may call us at once).
# The lock fd (9) is closed for everything that may spawn a server (9>&-),
# otherwise the postmaster would inherit it and hold the lock forever.
take_lock() {
	local f="$DATA_BASE/pg-url.lock"
	command -v flock >/dev/null 2>&1 || return 0
	mkdir -p "$DATA_BASE" 2>/dev/null || return 0
	[[ -w "$f" ]] || { [[ ! -e "$f" && -w "$DATA_BASE" ]]; } || return 0
	exec 9>"$f"
	flock -w 900 9 || die "等待 $DATA_BASE/pg-url.lock 超时"
}

# ---------------------------------------------------------------- 5432 ------

use_default_port() {
	case "$(pg_state "$DEFAULT_PORT")" in
	ready) ;;
	starting)
		log "$HOST:$DEFAULT_PORT 正在启动，等待就绪…"
		wait_ready "$DEFAULT_PORT" || die "$HOST:$DEFAULT_PORT 在 ${WAIT_SECS}s 内未就绪"
		;;
	*) return 1 ;;
	esac
	PORT=$DEFAULT_PORT
}

# ------------------------------------------------------- Debian clusters ----

debian_clusters() {
	command -v pg_lsclusters >/dev/null 2>&1 || return 0
	pg_lsclusters -h 2>/dev/null || true
}

# Prints "VER NAME PORT STATUS" of the preferred cluster: online before
# down, port 5432 before others, newest version last wins ties.
pick_cluster() {
	debian_clusters | awk '
		NF >= 4 {
			r = 1 + ($4 ~ /^online/ ? 2 : 0) + ($3 == 5432 ? 1 : 0)
			if (r >= rank) { rank = r; best = $1 " " $2 " " $3 " " $4 }
		}
		END { if (best == "") exit 1; print best }'
}

cluster_by_port() { # PORT -> "VER NAME"
	debian_clusters | awk -v p="$1" '$3 == p { print $1, $2; exit }'
}

use_debian_cluster() {
	local c ver name port status out
	c="$(pick_cluster)" || return 1
	read -r ver name port status <<<"$c"
	if [[ "$status" != online* ]]; then
		log "启动 PostgreSQL 集群 $ver/$name（端口 $port）…"
		out="$(mktemp)"
		if ! pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start \
			</dev/null >"$out" 2>&1 9>&-; then
			# It may have been started concurrently; readiness decides below.
			sed 's/^/  /' "$out" >&2
			if ! is_root && [[ "$(pg_state "$port")" == none ]]; then
				rm -f "$out"
				die "无法启动集群：请运行 sudo pg_ctlcluster $ver $name start，或设置 DATABASE_URL"
			fi
		fi
		rm -f "$out"
	fi
	wait_ready "$port" ||
		die "集群 $ver/$name 在 ${WAIT_SECS}s 内未在 $HOST:$port 就绪（日志见 /var/log/postgresql/postgresql-$ver-$name.log）"
	PORT=$port
}

# Insert "trust" for TCP from localhost at the top of a Debian cluster's
# pg_hba.conf (fresh Debian clusters use scram-sha-256 and the postgres role
# has no password). Only done for a cluster we just installed, or in CI.
allow_trust() {
	local ver=$1 name=$2 hba tmp
	hba="/etc/postgresql/$ver/$name/pg_hba.conf"
	[[ -w "$hba" ]] || return 1
	grep -q 'xietong .ci/pg-url.sh' "$hba" && return 1
	log "在 $hba 中为 127.0.0.1/::1 启用 trust 认证（仅开发/CI 用）"
	tmp="$(mktemp)"
	{
		echo "# added by xietong .ci/pg-url.sh: passwordless TCP from localhost (dev/CI only)"
		echo "host    all    all    127.0.0.1/32    trust"
		echo "host    all    all    ::1/128         trust"
		cat "$hba"
	} >"$tmp"
	cat "$tmp" >"$hba" # keeps owner and mode
	rm -f "$tmp"
	pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" reload \
		</dev/null >/dev/null 2>&1 9>&- || return 1
}

# ------------------------------------------------------ private cluster -----

private_pg_user() {
	if ! is_root; then
		id -un
	elif id postgres >/dev/null 2>&1; then
		echo postgres
	else
		if ! id xietong-pg >/dev/null 2>&1; then
			log "创建系统用户 xietong-pg（PostgreSQL 不能以 root 运行）"
			useradd -r -M -d /nonexistent \
				-s "$(command -v nologin || echo /bin/false)" xietong-pg >&2 ||
				die "useradd xietong-pg 失败"
		fi
		echo xietong-pg
	fi
}

as_pg_user() {
	if is_root; then
		(cd / && runuser -u "$PG_SYS_USER" -- "$@")
	else
		"$@"
	fi
}

use_private_cluster() {
	local initdb bindir base data run pidf pid port sock out
	initdb="$(pgbin initdb)" || return 1
	bindir="$(dirname "$(readlink -f "$initdb")")"
	PG_SYS_USER="$(private_pg_user)"

	base="$DATA_BASE"
	mkdir -p "$base"
	if is_root; then
		chmod 755 "$base"
		if ! runuser -u "$PG_SYS_USER" -- test -x "$base" 2>/dev/null; then
			# An ancestor of the repo (e.g. /root) is not traversable.
			base="/var/lib/xietong-pg/$(printf '%s' "$REPO" | sha256sum | cut -c1-12)"
			log "$PG_SYS_USER 无法访问 $DATA_BASE，改用 $base"
			mkdir -p "$base"
		fi
	fi
	data="$base/pg"
	run="$base/run"

	# Already running?
	pidf="$data/postmaster.pid"
	if [[ -r "$pidf" ]]; then
		pid="$(sed -n 1p "$pidf")"
		port="$(sed -n 4p "$pidf")"
		if [[ "$pid" =~ ^[0-9]+$ && "$port" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
			wait_ready "$port" || die "私有集群 $data（端口 $port）未就绪，日志见 $run/postgres.log"
			PORT=$port
			return 0
		fi
	fi

	out="$(mktemp)"
	if [[ ! -s "$data/PG_VERSION" ]]; then
		log "初始化私有 PostgreSQL 集群：$data"
		mkdir -p "$data"
		chmod 700 "$data"
		is_root && chown "$PG_SYS_USER:" "$data"
		if ! as_pg_user "$bindir/initdb" -D "$data" -U postgres --auth=trust \
			-E UTF8 --locale=C.UTF-8 </dev/null >"$out" 2>&1; then
			cat "$out" >&2
			rm -f "$out"
			die "initdb 失败"
		fi
	fi
	mkdir -p "$run"
	is_root && chown "$PG_SYS_USER:" "$run"

	if ! tcp_open "$DEFAULT_PORT"; then
		port=$DEFAULT_PORT
	elif ! tcp_open "$ALT_PORT"; then
		port=$ALT_PORT
	else
		rm -f "$out"
		die "端口 $DEFAULT_PORT 和 $ALT_PORT 都被占用：请设置 DATABASE_URL"
	fi
	# Unix socket paths are limited to ~107 bytes; TCP is what we use anyway.
	sock="$run"
	if ((${#sock} > 90)) || [[ "$sock" == *"'"* ]]; then sock=""; fi

	log "启动私有 PostgreSQL 集群（$HOST:$port）…"
	if ! as_pg_user "$bindir/pg_ctl" -D "$data" -l "$run/postgres.log" -w -t "$WAIT_SECS" \
		-o "-p $port -c listen_addresses=$HOST -k '$sock'" start \
		</dev/null >"$out" 2>&1 9>&-; then
		cat "$out" >&2
		tail -n 20 "$run/postgres.log" >&2 2>/dev/null || true
		rm -f "$out"
		die "私有集群启动失败"
	fi
	rm -f "$out"
	wait_ready "$port" || die "私有集群在 ${WAIT_SECS}s 内未就绪，日志见 $run/postgres.log"
	PORT=$port
}

# --------------------------------------------------------------- apt --------

apt_install() { # PACKAGES...
	local out
	out="$(mktemp)"
	log "apt-get install $* …"
	if ! {
		DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
	} </dev/null >"$out" 2>&1 9>&-; then
		tail -n 40 "$out" >&2
		rm -f "$out"
		die "apt-get install $* 失败"
	fi
	rm -f "$out"
	hash -r
	find_tools
}

install_postgresql() {
	is_debian_root || return 1
	log "未找到 PostgreSQL，正在安装 Debian 的 postgresql 软件包…"
	apt_install postgresql
	JUST_INSTALLED=1
}

# -------------------------------------------------------------- checks ------

ensure_login() {
	local err ver="" name="" i
	if err="$(psql_q "$PORT" postgres 'SELECT 1' 2>&1 >/dev/null)"; then
		return 0
	fi
	read -r ver name < <(cluster_by_port "$PORT") || true
	if [[ -n "$ver" ]] && is_root && { [[ $JUST_INSTALLED == 1 ]] || in_ci; }; then
		if allow_trust "$ver" "$name"; then
			for ((i = 0; i < 20; i++)); do
				psql_q "$PORT" postgres 'SELECT 1' >/dev/null 2>&1 && return 0
				sleep 0.25
			done
		fi
	fi
	log "$err"
	die "无法以 postgres 用户免密码连接 $HOST:$PORT：请在 pg_hba.conf 加入 'host all all 127.0.0.1/32 trust' 并 reload，或设置 DATABASE_URL"
}

ensure_db() {
	local exists enc opts="" err
	# One query doubles as the login check on the fast path.
	if ! exists="$(psql_q "$PORT" postgres "SELECT 1 FROM pg_database WHERE datname = '$DB'" 2>/dev/null)"; then
		ensure_login
		exists="$(psql_q "$PORT" postgres "SELECT 1 FROM pg_database WHERE datname = '$DB'")" ||
			die "查询数据库列表失败"
	fi
	[[ "$exists" == 1 ]] && return 0
	# The app needs UTF8 (ICU collations do not work in SQL_ASCII databases).
	enc="$(psql_q "$PORT" postgres "SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = 'template1'")"
	if [[ "$enc" != UTF8 ]]; then
		opts=" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
	fi
	log "创建数据库 $DB"
	if ! err="$(psql_q "$PORT" postgres "CREATE DATABASE \"$DB\"$opts" 2>&1 >/dev/null)"; then
		# Lost a race with a concurrent run?
		exists="$(psql_q "$PORT" postgres "SELECT 1 FROM pg_database WHERE datname = '$DB'" || true)"
		[[ "$exists" == 1 ]] || die "CREATE DATABASE $DB 失败：$err"
	fi
}

# ---------------------------------------------------------------- main ------

if ! use_default_port; then
	take_lock
	if use_default_port; then
		:
	elif use_debian_cluster; then
		:
	elif use_private_cluster; then
		:
	elif install_postgresql; then
		use_debian_cluster || use_private_cluster ||
			die "已安装 postgresql，但没有找到或无法创建集群"
	else
		die "需要 PostgreSQL：请安装 postgresql（sudo apt-get install postgresql）或设置 DATABASE_URL"
	fi
fi

if [[ -z "$PSQL" && "$DB" != postgres ]]; then
	if is_debian_root; then
		take_lock
		apt_install postgresql-client
	fi
	[[ -n "$PSQL" ]] ||
		die "需要 psql 来检查/创建数据库 $DB：请安装 postgresql-client（sudo apt-get install postgresql-client）或设置 DATABASE_URL"
fi
if [[ -n "$PSQL" ]]; then
	if [[ "$DB" == postgres ]]; then
		ensure_login
	else
		ensure_db
	fi
fi

printf 'postgres://postgres@%s:%s/%s?sslmode=disable\n' "$HOST" "$PORT" "$DB"
