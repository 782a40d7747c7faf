#!/bin/sh
# tools/check-layers.sh - every #include "..." in engine/, reports/ and cli/
# names its folder, and goes only to its own layer or one below:
#
#   util < lang < data < run < reports < cli
#
# (engine/util, engine/lang, engine/data with data/readers, engine/run;
# reports/ sees only util; cli/ sees everything.)  Prints each offending
# line as file:line: and exits 1.  ROOT names another tree to check
# (the tests use it).
cd "${ROOT:-$(dirname "$0")/..}" || exit 2
rank() {
	case $1 in
	util) echo 1 ;; lang) echo 2 ;; data) echo 3 ;; run) echo 4 ;;
	reports) echo 5 ;; cli) echo 6 ;; assets) echo 0 ;; *) echo 99 ;;
	esac
}
bad=0
files=$(find engine reports cli -name '*.[ch]' | sort)
for f in $files; do
	case $f in
	engine/*) dir=${f#engine/}; layer=${dir%%/*} ;;
	*) layer=${f%%/*} ;;
	esac
	mine=$(rank "$layer")
	grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" | while IFS= read -r line; do
		n=${line%%:*}
		inc=$(printf '%s\n' "$line" | sed 's/.*include[[:space:]]*"\([^"]*\)".*/\1/')
		case $inc in
		*/*) target=${inc%%/*} ;;
		*) echo "$f:$n: error: #include \"$inc\" does not name its folder (util/, lang/, data/, run/, reports/, cli/)"; echo x; continue ;;
		esac
		theirs=$(rank "$target")
		# reports/ sees only util/: writers get plain structs, not the engine
		if [ "$layer" = reports ] && [ "$target" != util ] && [ "$target" != reports ] && [ "$target" != assets ]; then
			echo "$f:$n: error: reports/ may include only util/ and reports/ (writers see the plain structs of reports/report.h), not \"$inc\""
			echo x
		elif [ "$theirs" -gt "$mine" ]; then
			echo "$f:$n: error: $layer/ may not include \"$inc\" (layer order: util < lang < data < run < reports < cli)"
			echo x
		fi
	done
done >"${TMPDIR:-/tmp}/verdict-layers.$$"
grep -v '^x$' "${TMPDIR:-/tmp}/verdict-layers.$$"
if grep -q '^x$' "${TMPDIR:-/tmp}/verdict-layers.$$"; then bad=1; fi
rm -f "${TMPDIR:-/tmp}/verdict-layers.$$"
[ "$bad" -eq 0 ] && echo "check-layers: $(echo "$files" | wc -l) files, every include goes downward"
exit "$bad"
