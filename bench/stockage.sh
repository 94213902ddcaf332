#!/bin/sh
# The storage docs/DEPLOIEMENT.md asks for, for figure 10: a filesystem mounted without online
# `discard`. Where this machine's data directory sits on one mounted with it (a freed block trimmed at
# once: dropping a month's files then grows with the month, bench/fichiers.py), an ext4 image mounted
# by loop without it, at build/stockage-bench (or $1). Prints the mount point, or nothing when it
# cannot mount (not root, no loop device): the bench then keeps its database where PostgreSQL has it.
set -u
POINT=${1:-$(pwd)/build/stockage-bench}
IMAGE="$POINT.img"
if mountpoint -q "$POINT" 2>/dev/null; then echo "$POINT"; exit 0; fi
[ "$(id -u)" = 0 ] || exit 0
mkdir -p "$POINT" || exit 0
if [ ! -f "$IMAGE" ]; then
    truncate -s "${BENCH_STOCKAGE_TAILLE:-40G}" "$IMAGE" && mkfs.ext4 -q -E nodiscard "$IMAGE" || exit 0
fi
mount -o loop,nodiscard "$IMAGE" "$POINT" 2>/dev/null || exit 0
chown postgres:postgres "$POINT" 2>/dev/null
echo "$POINT"
