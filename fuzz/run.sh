#!/usr/bin/env bash
# Runs each fuzz target in turn on one core for SECONDS (default 600), starting from the committed
# seeds (seeds/TARGET; html_classify reads the test fixtures and the demo page instead of copies of
# them) plus whatever an earlier run found (corpus/TARGET, not committed).
# Needs cargo-fuzz (cargo install cargo-fuzz) and a nightly toolchain (rustup toolchain install nightly).
#   fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")"
SECONDS_EACH=${1:-600}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(html_classify wire_classify tree_classify)
mkdir -p out
for target in "${TARGETS[@]}"; do
  mkdir -p "corpus/$target"
  dict=()
  case "$target" in
    html_classify) dict=(-dict=dict/html.dict -max_len=65536) ;;
    wire_classify) dict=(-dict=dict/wire.dict -max_len=65536) ;;
    tree_classify) dict=(-max_len=16384) ;;
  esac
  seeds=("seeds/$target")
  if [ "$target" = html_classify ]; then
    mkdir -p out/seed-demo && cp ../www/index.html out/seed-demo/demo.html
    seeds=(../tests/fixtures out/seed-demo)
  fi
  echo "== $target: ${SECONDS_EACH}s"
  cargo +nightly fuzz run -O "$target" "corpus/$target" "${seeds[@]}" -- \
    -max_total_time="$SECONDS_EACH" -rss_limit_mb=4096 -timeout=10 -print_final_stats=1 "${dict[@]}" \
    2>&1 | tee "out/$target.log" | grep -E '^(#[0-9]+ +(INITED|DONE|pulse)|stat::|==|SUMMARY|Done)' || true
done
