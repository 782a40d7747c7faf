#!/bin/sh
# make check-layers: passes on the tree, and fails with file:line on an
# include that goes upward, sideways into the engine from reports/, or
# names no folder.
set -u
here=$(dirname "$0")
root=$here/../..
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

sh "$root/tools/check-layers.sh" >"$tmp/ok" || { cat "$tmp/ok"; fail "the tree breaks the layer order"; }
grep -q '^check-layers: [0-9]* files, every include goes downward$' "$tmp/ok" || fail "no summary line"

mkdir -p "$tmp/t/engine/util" "$tmp/t/engine/data" "$tmp/t/reports" "$tmp/t/cli"
printf '#include "util/strbuf.h"\n#include "run/verdict.h"\n' >"$tmp/t/engine/util/up.c"
printf '#include "lang/ast.h"\n#include "data/table.h"\n' >"$tmp/t/engine/data/ok.c"
printf '#include "util/strbuf.h"\n\n#include "data/table.h"\n' >"$tmp/t/reports/side.c"
printf '#include "run/verdict.h"\n#include "strbuf.h"\n' >"$tmp/t/cli/flat.c"
ROOT="$tmp/t" sh "$root/tools/check-layers.sh" >"$tmp/out" && fail "violations passed"
cat >"$tmp/expected" <<'END'
cli/flat.c:2: error: #include "strbuf.h" does not name its folder (util/, lang/, data/, run/, reports/, cli/)
engine/util/up.c:2: error: util/ may not include "run/verdict.h" (layer order: util < lang < data < run < reports < cli)
reports/side.c:3: error: reports/ may include only util/ and reports/ (writers see the plain structs of reports/report.h), not "data/table.h"
END
diff -u "$tmp/expected" "$tmp/out" || fail "check-layers output differs"
echo "layers: ok"
