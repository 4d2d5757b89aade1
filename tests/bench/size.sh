#!/usr/bin/env bash
# Size report: what the extension ships (wasm raw/gzip, JS glue, content scripts), then, with
# --variants, the wasm rebuilt under other release-profile settings (opt-level, LTO, codegen-units,
# panic) to show what each setting buys. Prints figures; asserts nothing.
#   tests/bench/size.sh              sizes of dist/chromium (run ./build.sh build first)
#   tests/bench/size.sh --variants   plus one wasm build per profile variant (a few minutes;
#                                    builds in $SIZE_TARGET_DIR, default target/size-variants)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"
DIST=dist/chromium
[ -f "$DIST/pkg/pith_bg.wasm" ] || { echo "size.sh: $DIST not built (./build.sh build)" >&2; exit 1; }

gz() { gzip -9c "$1" | wc -c; }
row() { printf '  %-40s %9s %9s\n' "$1" "$2" "$3"; }

echo "shipped sizes (bytes; $DIST)"
row "file" "raw" "gzip -9"
for f in pkg/pith_bg.wasm pkg/pith.js early.js content.js snapshot.js marks.js policy.js overlay.js background.js; do
  [ -f "$DIST/$f" ] && row "$f" "$(wc -c <"$DIST/$f")" "$(gz "$DIST/$f")"
done
sum() { local n=0 f; for f in "$@"; do n=$((n + $(wc -c <"$DIST/$f"))); done; echo "$n"; }
# An off page (the default) runs only the gate; a page whose site is on gets the rest injected.
row "scripts on an off page (policy, early)" "$(sum policy.js early.js)" ""
row "scripts on a page whose site is on (all)" "$(sum policy.js early.js content.js snapshot.js marks.js overlay.js)" ""
# The model is data inside the wasm: 2 forests × trees × (inner nodes × (feature + threshold) + leaves).
# Bytes per value from each array's element type (u8, u16/i16, f32).
model=$(awk '/^pub const (FIRST|SECOND)_/ && /\[u8\]/ {k=1} /^pub const (FIRST|SECOND)_/ && /\[[ui]16\]/ {k=2}
  /^pub const (FIRST|SECOND)_/ && /\[f32\]/ {k=4} /^\];/ {k=0} k && /^[-0-9]/ { n += gsub(/,/, ",") * k } END { print n }' src/forest.rs)
row "model arrays in src/forest.rs (approx.)" "$model" ""

[ "${1:-}" = "--variants" ] || exit 0

TD=${SIZE_TARGET_DIR:-target/size-variants}
WB_FLAGS=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals
  --enable-reference-types --enable-multivalue)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo
echo "wasm by release profile (bytes; after wasm-bindgen, then after wasm-opt -Oz)"
printf '  %-44s %9s %9s %9s\n' "variant (opt-level lto codegen-units panic)" "bindgen" "-Oz raw" "-Oz gzip"
variant() { # name opt lto cu panic
  local name=$1
  if ! CARGO_PROFILE_RELEASE_OPT_LEVEL=$2 CARGO_PROFILE_RELEASE_LTO=$3 CARGO_PROFILE_RELEASE_CODEGEN_UNITS=$4 \
    CARGO_PROFILE_RELEASE_PANIC=$5 CARGO_TARGET_DIR="$TD/$name" \
    cargo build --locked --release --lib --target wasm32-unknown-unknown --no-default-features -q 2>"$tmp/err"; then
    printf '  %-44s %s\n' "$name" "build failed: $(grep -m1 error "$tmp/err" || head -1 "$tmp/err")"
    return
  fi
  wasm-bindgen --target web --no-typescript --out-dir "$tmp/$name" "$TD/$name/wasm32-unknown-unknown/release/pith.wasm"
  local bg=$(wc -c <"$tmp/$name/pith_bg.wasm")
  wasm-opt -Oz "${WB_FLAGS[@]}" -o "$tmp/$name/opt.wasm" "$tmp/$name/pith_bg.wasm"
  printf '  %-44s %9s %9s %9s\n' "$name" "$bg" "$(wc -c <"$tmp/$name/opt.wasm")" "$(gz "$tmp/$name/opt.wasm")"
}
variant "3 fat 1 abort (shipped)" 3 fat 1 abort
variant "z fat 1 abort" z fat 1 abort
variant "s fat 1 abort" s fat 1 abort
variant "3 off 1 abort (no LTO)" 3 off 1 abort
variant "3 fat 16 abort (codegen-units 16)" 3 fat 16 abort
variant "3 fat 1 unwind" 3 fat 1 unwind
