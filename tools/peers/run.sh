#!/usr/bin/env bash
# Runs the peer extractors over the same corpus pages as `pith eval` and writes their outputs in the
# peer-outputs JSON shape, ready for `pith eval --compare OUT_DIR` (Pith beside them in one table).
#
# usage: tools/peers/run.sh OUT_DIR [pith eval selection: --source S, --split tune|holdout|all, --limit N, CORPUS_DIR]
# env:   PITH_PEERS_CACHE  where the venv and node_modules live (default: target/peers)
#        PITH_PEERS_JOBS   parallel workers (default: nproc)
#        PITH_PEERS        which peers to run: "trafilatura readability" (default: both)
#        PITH_BIN          a built pith binary to list pages with (default: cargo build --release)
# Slow (minutes) and not part of CI's required path.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
[ $# -ge 1 ] || { sed -n '4,10p' "$0" >&2; exit 2; }
out=$1
shift
cache=${PITH_PEERS_CACHE:-$repo/target/peers}
jobs=${PITH_PEERS_JOBS:-$(nproc)}
peers=${PITH_PEERS:-trafilatura readability}
mkdir -p "$out" "$cache"
out=$(cd "$out" && pwd)

cd "$repo"
pith=${PITH_BIN:-}
if [ -z "$pith" ]; then
  cargo build --release --locked --quiet --bin pith
  pith="${CARGO_TARGET_DIR:-$repo/target}/release/pith"
fi
"$pith" eval --list "$@" >"$out/pages.tsv"
echo "peers: $(wc -l <"$out/pages.tsv") pages -> $out" >&2

for peer in $peers; do
  case $peer in
    trafilatura)
      # Reinstall only when the pinned requirements change.
      stamp=$(sha256sum "$here/requirements.txt" | cut -c1-16)
      if [ "$(cat "$cache/venv/.stamp" 2>/dev/null)" != "$stamp" ]; then
        python3 -m venv "$cache/venv"
        "$cache/venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
        echo "$stamp" >"$cache/venv/.stamp"
      fi
      "$cache/venv/bin/python" "$here/run_trafilatura.py" --jobs "$jobs" "$out/pages.tsv" "$out"
      ;;
    readability)
      stamp=$(cat "$here/package.json" "$here/package-lock.json" | sha256sum | cut -c1-16)
      if [ "$(cat "$cache/npm/.stamp" 2>/dev/null)" != "$stamp" ]; then
        mkdir -p "$cache/npm"
        cp "$here/package.json" "$here/package-lock.json" "$cache/npm/"
        (cd "$cache/npm" && npm ci --silent --no-audit --no-fund)
        echo "$stamp" >"$cache/npm/.stamp"
      fi
      node "$here/run_readability.mjs" "$out/pages.tsv" "$out" "$cache/npm" "$jobs"
      ;;
    *) echo "peers: unknown peer $peer" >&2; exit 2 ;;
  esac
done
echo "peers: done; compare with: pith eval --compare $out $*" >&2
