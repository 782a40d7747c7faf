#!/bin/sh
# make bench: verdict against DuckDB and SQLite on the CSP rule pack, on
# generated bundles (bench/gen.c), and docs/benchmarks.md written from the
# figures.  docs/benchmarks.md says what each peer runs and why.
#
#   BENCH_N          sales lines (default 1000000)
#   BENCH_LARGE      a second, larger size (the issue's 5000000); none by default
#   BENCH_LARGE_RUNS timed runs at that size (default BENCH_RUNS)
#   BENCH_PROFILES   violation profiles (default "realistic stress")
#   BENCH_RUNS       timed runs of each engine, alternating (default 5)
#   BENCH_THREADS    threads of verdict and DuckDB (default 2)
#   BENCH_SQLITE_TIMEOUT, BENCH_DUCKDB_TIMEOUT   seconds (default 300, 1200)
#   BENCH_DOC        where to write (default docs/benchmarks.md)
#   BENCH_WORK       scratch directory (default build/bench)
#
# Installs what it needs under git-ignored folders: DuckDB's Node.js client
# in build/peers/duckdb (tools/duckdb-peer.sh); the bundles go to
# bench/data/, everything else to build/bench/.  Exit 1 when the engines do
# not find the same findings.
set -eu
cd "$(dirname "$0")/.."
VERDICT=${VERDICT:-build/verdict}
N=${BENCH_N:-1000000}
LARGE=${BENCH_LARGE:-}
PROFILES=${BENCH_PROFILES:-realistic stress}
RUNS=${BENCH_RUNS:-5}
LARGE_RUNS=${BENCH_LARGE_RUNS:-$RUNS}
THREADS=${BENCH_THREADS:-2}
SQLITE_TIMEOUT=${BENCH_SQLITE_TIMEOUT:-300}
DUCKDB_TIMEOUT=${BENCH_DUCKDB_TIMEOUT:-1200}
DOC=${BENCH_DOC:-docs/benchmarks.md}
ASOF=2026-11-25
W=${BENCH_WORK:-build/bench}
PEERS=build/peers/duckdb
DATA=bench/data
mkdir -p "$W" "$DATA"
log() { printf '%s\n' "$*" >&2; }
die() { log "bench: $*"; exit 1; }

# ---- tools ------------------------------------------------------------------
[ -x "$VERDICT" ] || die "$VERDICT is not built (make)"
command -v sqlite3 >/dev/null && [ -x /usr/bin/time ] || die "sqlite3 and /usr/bin/time are needed (make bench installs them)"
sh tools/duckdb-peer.sh "$PEERS" || die "DuckDB's Node.js client could not be installed (tools/duckdb-peer.sh)"
cc -O2 -Wall -Wextra -o "$W/gen" bench/gen.c || die "bench/gen.c does not build"
cc -O2 -Wall -Wextra -o "$W/csvscan" bench/csvscan.c -lcsv || die "bench/csvscan.c does not build"
awk '/^dataset sales /,/^}/' rules/csp/datasets.rules >"$W/sales-only.rules"
awk '/^dataset relationships /,/^}/' rules/csp/datasets.rules >"$W/xml-only.rules"
[ -s "$W/sales-only.rules" ] && [ -s "$W/xml-only.rules" ] || die "rules/csp/datasets.rules: no sales or relationships dataset"
HAVE_PERF=
if command -v perf >/dev/null && perf record -q -e cpu-clock -o "$W/perf.probe" true >/dev/null 2>&1; then
	HAVE_PERF=1
fi
START=$(date -u '+%Y-%m-%d %H:%M UTC')
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- helpers ----------------------------------------------------------------
add() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f", a + b }'; }
median() { # numbers on stdin: the median (the mean of the two middle ones)
	sort -g | awk '{ v[NR] = $1 } END { if (!NR) exit; print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# measure TAG ITEM RUN command...: wall seconds and peak RSS (KB) of the
# command and its children, appended to $W/TAG.times as
# "ITEM RUN WALL KB STATUS"; 124 is a timeout
measure() {
	tag=$1 item=$2 run=$3
	shift 3
	st=0
	/usr/bin/time -f "%e %M" -o "$W/$tag.time" "$@" >"$W/$tag.$item.out" 2>"$W/$tag.$item.err" || st=$?
	read -r secs kb <"$W/$tag.time" || { secs=0 kb=0; }
	case $secs in *[!0-9.]*) secs=$(tail -1 "$W/$tag.time" | cut -d' ' -f1) kb=$(tail -1 "$W/$tag.time" | cut -d' ' -f2) ;; esac
	echo "$item $run $secs $kb $st" >>"$W/$tag.times"
	return 0
}

# field ITEM COLUMN TAG: the median of column 3 (wall) or 4 (KB) of ITEM's runs
field() { awk -v i="$1" -v c="$2" '$1 == i && $5 == 0 { print $c }' "$W/$3.times" | median; }
status() { awk -v i="$1" '$1 == i { s = $5 } END { print s + 0 }' "$W/$2.times"; }

# the (rule_id, record_key, source_line, fingerprint) of each rule finding,
# sorted; fp=0 leaves out the fingerprint (sqlite writes its preimage)
rows() { # findings.csv out fp
	sel="rule_id, record_key, CAST(source_line AS INTEGER)"
	[ "$3" = 1 ] && sel="$sel, fingerprint"
	sqlite3 -batch :memory: ".import --csv '$1' f" ".mode tabs" \
		"SELECT $sel FROM f WHERE rule_id NOT LIKE 'DQ-%' ORDER BY 1, 2, 3;" >"$2"
}
per_rule() { cut -f1 "$1" | sort | uniq -c | awk '{ print $2, $1 }'; }

# ---- one bundle: generate, prepare the peers' scripts --------------------------
prepare() { # n profile
	n=$1 profile=$2 tag=$2-$1
	d=$DATA/$tag
	stamp="$(cksum <bench/gen.c) $n $profile"
	if [ "$(head -1 "$d.gen" 2>/dev/null)" != "$stamp" ]; then
		log "bench: generating $d ($n sales lines, $profile)"
		rm -rf "$d" && mkdir -p "$d"
		{ echo "$stamp"; "$W/gen" "$d" "$n" --profile "$profile"; } >"$d.gen.tmp" || die "bench/gen failed"
		mv "$d.gen.tmp" "$d.gen"
	fi
	# no record spans two lines: the raw-file DuckDB peer numbers lines by record
	awk 'NR > 1 && $1 ~ /\.csv$/ { print $1, $2 }' "$d.gen" | while read -r f recs; do
		lines=$(wc -l <"$d/$f")
		[ "$lines" -eq $((recs + 1)) ] || die "$d/$f: $lines lines for $recs records (a record over two lines?)"
	done
	rm -rf "$W/$tag" && mkdir -p "$W/$tag"
	: >"$W/$tag.times"
	"$VERDICT" convert -q -r rules/csp -d "$d" -o "$W/$tag/conv" || die "verdict convert failed on $d"
	"$VERDICT" convert -q -r "$W/xml-only.rules" -d "$d" -o "$W/$tag/convxml" || die "verdict convert (xml) failed"
	"$VERDICT" sql --dialect duckdb -r rules/csp -d "$W/$tag/conv" --as-of $ASOF >"$W/$tag/duckdb.gen.sql"
	"$VERDICT" sql --dialect sqlite -r rules/csp -d "$W/$tag/conv" --as-of $ASOF >"$W/$tag/sqlite.gen.sql"
	node bench/peersql.js --duckdb "$W/$tag/duckdb.gen.sql" >"$W/$tag/duckdb-conv.sql" 2>"$W/$tag/peersql.duckdb"
	node bench/peersql.js "$W/$tag/sqlite.gen.sql" >"$W/$tag/sqlite.body.sql" 2>"$W/$tag/peersql.sqlite"
	{ echo ".output $W/$tag/sqlite.csv"; cat "$W/$tag/sqlite.body.sql"; } >"$W/$tag/sqlite.sql"
	node bench/duckdb-raw.js "$W/$tag/duckdb-conv.sql" "$d" "$W/$tag/convxml" >"$W/$tag/duckdb-raw.sql" ||
		die "bench/duckdb-raw.js failed"
}

# ---- one timed run of every engine, in an order rotated by the run number ------
ENGINES="verdict duckdb-raw convert-xml duckdb-conv convert sqlite"
one_run() { # n profile run
	n=$1 profile=$2 run=$3 tag=$2-$1
	d=$DATA/$tag
	set -- $ENGINES
	k=$(( (run - 1) % $# ))
	while [ "$k" -gt 0 ]; do e=$1; shift; set -- "$@" "$e"; k=$((k - 1)); done
	for e in "$@"; do
		case $e in
		verdict)
			rm -rf "$W/$tag/verdict"
			measure "$tag" verdict "$run" "$VERDICT" run -q --threads "$THREADS" -r rules/csp -d "$d" \
				-o "$W/$tag/verdict" --format html,csv,json --as-of $ASOF --fail-on never ;;
		convert)
			measure "$tag" convert "$run" "$VERDICT" convert -q -r rules/csp -d "$d" -o "$W/$tag/conv" ;;
		convert-xml)
			measure "$tag" convert-xml "$run" "$VERDICT" convert -q -r "$W/xml-only.rules" -d "$d" -o "$W/$tag/convxml" ;;
		duckdb-raw | duckdb-conv)
			measure "$tag" "$e" "$run" timeout "$DUCKDB_TIMEOUT" node bench/duckdb.js "$PEERS" "$W/$tag/$e.sql" \
				"$W/$tag/$e.csv" "$THREADS" ;;
		sqlite)
			# one that did not finish in time is not run again
			[ "$(status sqlite "$tag")" = 124 ] && continue
			rm -f "$W/$tag/sqlite.csv"
			measure "$tag" sqlite "$run" timeout "$SQLITE_TIMEOUT" sqlite3 -batch -bail -csv -header :memory: \
				".read $W/$tag/sqlite.sql" ;;
		esac
		st=$(status "$e" "$tag")
		if [ "$st" != 0 ] && ! { [ "$e" = sqlite ] && [ "$st" = 124 ]; }; then
			cat "$W/$tag.$e.err" >&2
			die "$e failed (exit $st) on $d"
		fi
		log "bench: $tag run $run: $(tail -1 "$W/$tag.times")"
	done
}

# ---- the same findings from every engine -------------------------------------
check() { # tag
	tag=$1 bad=0
	rows "$W/$tag/verdict/findings.csv" "$W/$tag/verdict.rows" 1
	rows "$W/$tag/duckdb-raw.csv" "$W/$tag/duckdb-raw.rows" 1
	rows "$W/$tag/duckdb-conv.csv" "$W/$tag/duckdb-conv.rows" 1
	cut -f1-3 "$W/$tag/verdict.rows" >"$W/$tag/verdict.rows3"
	engines="verdict duckdb-raw duckdb-conv"
	if [ "$(status sqlite "$tag")" = 0 ]; then
		rows "$W/$tag/sqlite.csv" "$W/$tag/sqlite.rows" 0
		engines="$engines sqlite"
	fi
	for e in $engines; do per_rule "$W/$tag/$e.rows" >"$W/$tag/$e.counts"; done
	for e in $engines; do
		[ $e = verdict ] && continue
		if ! cmp -s "$W/$tag/verdict.counts" "$W/$tag/$e.counts"; then
			log "bench: $tag: findings per rule differ between verdict and $e:"
			join -a1 -a2 -e 0 -o 0,1.2,2.2 "$W/$tag/verdict.counts" "$W/$tag/$e.counts" |
				awk '$2 != $3 { printf "  %-18s verdict %s, '"$e"' %s\n", $1, $2, $3 }' >&2
			bad=1
		fi
		ref=$W/$tag/verdict.rows
		[ $e = sqlite ] && ref=$W/$tag/verdict.rows3
		cmp -s "$ref" "$W/$tag/$e.rows" || {
			log "bench: $tag: $e's findings are not verdict's (rule, record key, line$([ $e = sqlite ] || echo ', fingerprint')):"
			diff "$ref" "$W/$tag/$e.rows" | head -5 >&2
			bad=1
		}
	done
	[ $bad = 0 ] || die "$tag: the engines disagree (above); the figures are not written"
	log "bench: $tag: $(wc -l <"$W/$tag/verdict.rows") findings, the same from $(echo $engines | sed 's/ /, /g')"
}

# ---- verdict's phases: --timings, split by perf samples ------------------------
# The load phase's CPU samples are split into read/parse, typing and
# interning by the function they fall in; the evaluation phase's into
# indexes, rules and outputs (findings written); each share of a phase's
# wall time.  "other" is allocation, copying and what fits no class.
phases() { # tag
	tag=$1 d=$DATA/$1
	rm -rf "$W/$tag/phases"
	if [ -n "$HAVE_PERF" ]; then
		perf record -q -e cpu-clock -F 999 -o "$W/$tag.perf" \
			"$VERDICT" run -q --timings --threads "$THREADS" -r rules/csp -d "$d" -o "$W/$tag/phases" \
			--format html,csv,json --as-of $ASOF --fail-on never 2>"$W/$tag.timings" >/dev/null || true
	else
		"$VERDICT" run -q --timings --threads "$THREADS" -r rules/csp -d "$d" -o "$W/$tag/phases" \
			--format html,csv,json --as-of $ASOF --fail-on never 2>"$W/$tag.timings" >/dev/null || true
	fi
	t() { grep "$1" "$W/$tag.timings" | awk '{ print $(NF - 1) }'; }
	tp=$(t 'rules parsed') tl=$(t 'data loaded') th=$(t 'inputs hashed') te=$(t 'rules evaluated') to=$(t 'summary, report')
	[ -n "$tl" ] && [ -n "$te" ] && [ -n "$to" ] || die "verdict run --timings printed no phases"
	if [ -z "$HAVE_PERF" ]; then
		printf '%s\n' "load $tl" "eval $te" "out $to" >"$W/$tag.phases"
		return
	fi
	t0=$(perf script -i "$W/$tag.perf" -F time 2>/dev/null | head -1 | tr -d ' :')
	win() { # from to (seconds after the first sample): "share class" lines
		perf report -i "$W/$tag.perf" --time "$(add "$t0" "$1"),$(add "$t0" "$2")" --no-children \
			--sort dso,sym,srcfile -F overhead,dso,sym,srcfile --stdio 2>/dev/null | grep -v '^#' | grep . || true
	}
	a=$tp b=$(add "$tp" "$(add "$tl" "${th:-0}")") c=$(add "$b" "$te")
	win "$a" "$b" | awk -v wall="$tl" '
		{ p = $1; sub(/%/, "", p); d = $2; s = $NF
		  if (d ~ /libcsv|libxml2|libyajl|libcrypto|kernel/ || s ~ /^(csv|xml|json|instream|load|utf8)\.c$/ || $0 ~ /memchr/) k = "parse"
		  else if (s ~ /^(ingest|format|value|dq|table)\.[ch]$/ || d ~ /pcre2/ || $0 ~ /strto/) k = "typing"
		  else if (s ~ /^(strpool|hash|dict)\.[ch]$/ || $0 ~ /memcmp/) k = "intern"
		  else k = "other_load"
		  v[k] += p; tot += p }
		END { for (k in v) if (tot > 0) printf "%s %.3f\n", k, wall * v[k] / tot }' >"$W/$tag.phases"
	win "$b" "$c" | awk -v wall="$te" '
		{ p = $1; sub(/%/, "", p); d = $2; s = $NF
		  if (s ~ /^(plan|dict|hash)\.[ch]$/) k = "indexes"
		  else if (s ~ /^(eval|table|value|strpool|avail|verdict)\.[ch]$/ || d ~ /pcre2/) k = "rules"
		  else if (d ~ /libcsv|libcrypto|kernel|libc/ || s ~ /^(html|out|csv|json|text|findbuf|run|strbuf|sha256|report.*|sink|nightly)\.[ch]$/) k = "outputs_eval"
		  else k = "other_eval"
		  v[k] += p; tot += p }
		END { for (k in v) if (tot > 0) printf "%s %.3f\n", k, wall * v[k] / tot }' >>"$W/$tag.phases"
	echo "outputs_final $to" >>"$W/$tag.phases"
	echo "rulesparse $tp" >>"$W/$tag.phases"
}
ph() { awk -v k="$1" '$1 == k { s += $2 } END { printf "%.2f", s }' "$W/$2.phases"; }

# ---- ingest: sales.csv alone, against a bare libcsv scan -----------------------
ingest() { # tag
	tag=$1 f=$DATA/$1/sales.csv
	cat "$f" >/dev/null
	: >"$W/$tag.ingest"
	i=0
	while [ $i -lt "$RUNS" ]; do
		i=$((i + 1))
		echo "scan $("$W/csvscan" "$f" | cut -d' ' -f4)" >>"$W/$tag.ingest"
		for th in 1 2; do
			rm -rf "$W/$tag/ingest"
			"$VERDICT" run --timings --threads $th -r "$W/sales-only.rules" -d "$DATA/$tag" -o "$W/$tag/ingest" \
				--format csv --as-of $ASOF --fail-on never 2>&1 >/dev/null |
				awk -v th=$th '/data loaded/ { print "load" th, $(NF - 1) }' >>"$W/$tag.ingest"
		done
	done
}
ing() { awk -v k="$1" '$1 == k { print $2 }' "$W/$2.ingest" | median; }

# ---- the runs ------------------------------------------------------------------
SIZES=$N
[ -n "$LARGE" ] && SIZES="$N $LARGE"
for n in $SIZES; do
	for profile in $PROFILES; do
		prepare "$n" "$profile"
		r=0 runs=$RUNS
		[ "$n" = "$N" ] || runs=$LARGE_RUNS
		while [ $r -lt "$runs" ]; do
			r=$((r + 1))
			one_run "$n" "$profile" $r
			[ $r = 1 ] && check "$profile-$n"
		done
		phases "$profile-$n"
	done
	ingest "$(echo $PROFILES | cut -d' ' -f1)-$n"
done
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- docs/benchmarks.md ----------------------------------------------------------
MARK='<!-- bench/run.sh writes everything below this line -->'
mb() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "n/a" }'; }
metif() { awk -v v="$1" -v lim="$2" 'BEGIN { print (v != "n/a" && v <= lim) ? "met" : "not met" }'; }
{
	if grep -qF "$MARK" "$DOC" 2>/dev/null; then
		awk -v m="$MARK" '{ print } $0 == m { exit }' "$DOC"
	else
		echo "# Benchmarks"
		echo
		echo "$MARK"
	fi
	echo
	echo "## Figures of $START"
	echo
	echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(nproc) CPUs" \
		"($(grep -m1 -o -w 'sha_ni' /proc/cpuinfo || echo 'no SHA-NI')), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)," \
		"Debian $(cat /etc/debian_version); load average $LOAD0 at the start, $LOAD1 at the end" \
		"(the machine is shared: wall times are noisy)."
	echo "Software: $(cc --version | head -1); libcsv $(dpkg-query -W -f '${Version}' libcsv3 2>/dev/null || echo '?')," \
		"libxml2 $(pkg-config --modversion libxml-2.0), libpcre2 $(pkg-config --modversion libpcre2-8)," \
		"OpenSSL $(pkg-config --modversion libcrypto); $("$VERDICT" --version 2>/dev/null | head -1)" \
		"at $(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet HEAD 2>/dev/null || echo ' (with local changes)');" \
		"DuckDB $(cd "$PEERS" && node -e "require('@duckdb/node-api').DuckDBInstance.create(':memory:').then(d=>d.connect()).then(c=>c.runAndReadAll('SELECT version()')).then(r=>console.log(r.getRows()[0][0]))")" \
		"(@duckdb/node-api, Node $(node --version)); SQLite $(sqlite3 --version | cut -d' ' -f1)."
	echo "Runs: $RUNS of each engine per bundle${LARGE:+ ($LARGE_RUNS at $LARGE)}, alternating (the order rotates each run); medians of wall time" \
		"and of peak RSS (/usr/bin/time: the process and its children). Threads: verdict --threads $THREADS," \
		"DuckDB threads=$THREADS, SQLite 1 (it has no parallel query), verdict convert its default (one per CPU)."
	echo
	echo '```sh'
	echo "BENCH_N=$N BENCH_PROFILES=\"$PROFILES\" BENCH_RUNS=$RUNS BENCH_THREADS=$THREADS${LARGE:+ BENCH_LARGE=$LARGE BENCH_LARGE_RUNS=$LARGE_RUNS} make bench"
	echo "# what each run executes, on bench/data/PROFILE-N (B: build/bench/PROFILE-N):"
	echo "verdict run -q --threads $THREADS -r rules/csp -d bench/data/PROFILE-N -o B/verdict --format html,csv,json --as-of $ASOF --fail-on never"
	echo "verdict convert -q -r rules/csp -d bench/data/PROFILE-N -o B/conv"
	echo "verdict convert -q -r build/bench/xml-only.rules -d bench/data/PROFILE-N -o B/convxml  # the relationships dataset alone"
	echo "node bench/duckdb.js build/peers/duckdb B/duckdb-raw.sql B/duckdb-raw.csv $THREADS"
	echo "node bench/duckdb.js build/peers/duckdb B/duckdb-conv.sql B/duckdb-conv.csv $THREADS"
	echo "timeout $SQLITE_TIMEOUT sqlite3 -batch -bail -csv -header :memory: '.read B/sqlite.sql'"
	echo '```'
	echo
	echo "| engine | N | profile | wall | peak RSS | rows/s | verdict / engine, wall | verdict / engine, RSS |"
	echo "|---|---:|---|---:|---:|---:|---:|---:|"
	for n in $SIZES; do
		for profile in $PROFILES; do
			tag=$profile-$n
			vw=$(field verdict 3 "$tag") vk=$(field verdict 4 "$tag")
			rw=$(field duckdb-raw 3 "$tag") rk=$(field duckdb-raw 4 "$tag")
			xw=$(field convert-xml 3 "$tag") xk=$(field convert-xml 4 "$tag")
			cw=$(field duckdb-conv 3 "$tag") ck=$(field duckdb-conv 4 "$tag")
			kw=$(field convert 3 "$tag") kk=$(field convert 4 "$tag")
			ew=$(awk -v a="$rw" -v b="$xw" 'BEGIN { print a + b }') ek=$(awk -v a="$rk" -v b="$xk" 'BEGIN { print (a > b) ? a : b }')
			part() { printf '| %s | %s | %s | %.2f s | %s MB | | | |\n' "$1" "$n" "$profile" "$2" "$(mb "$3")"; }
			row() { # name wall kb
				printf '| %s | %s | %s | %.2f s | %s MB | %s | %s | %s |\n' "$1" "$n" "$profile" "$2" "$(mb "$3")" \
					"$(awk -v n="$n" -v w="$2" 'BEGIN { printf "%.0f", n / w }')" "$(ratio "$vw" "$2")" "$(ratio "$vk" "$3")"
			}
			row "verdict run (all outputs)" "$vw" "$vk"
			row "DuckDB, raw CSVs + XML pre-converted (headline)" "$ew" "$ek"
			part "&nbsp;&nbsp;of which verdict convert of the XML" "$xw" "$xk"
			row "DuckDB on verdict convert's CSVs (query only)" "$cw" "$ck"
			part "&nbsp;&nbsp;verdict convert, all datasets (not included above)" "$kw" "$kk"
			if [ "$(status sqlite "$tag")" = 124 ]; then
				printf '| SQLite on verdict convert'"'"'s CSVs | %s | %s | did not finish in %s s | | | | |\n' "$n" "$profile" "$SQLITE_TIMEOUT"
			else
				row "SQLite on verdict convert's CSVs (query only)" "$(field sqlite 3 "$tag")" "$(field sqlite 4 "$tag")"
			fi
			echo "$tag $vw $vk $ew $ek" >>"$W/summary.tmp"
		done
	done
	echo
	echo "Findings per rule (the same from every engine that finished; checked on the first run, the bench fails otherwise):"
	echo
	printf '| rule |'; for n in $SIZES; do for p in $PROFILES; do printf ' %s %s |' "$p" "$n"; done; done; echo
	printf '|---|'; for n in $SIZES; do for p in $PROFILES; do printf -- '---:|'; done; done; echo
	for rule in $(for n in $SIZES; do for p in $PROFILES; do cat "$W/$p-$n/verdict.counts"; done; done | cut -d' ' -f1 | sort -u); do
		printf '| %s |' "$rule"
		for n in $SIZES; do for p in $PROFILES; do
			printf ' %s |' "$(awk -v r="$rule" '$1 == r { print $2 }' "$W/$p-$n/verdict.counts")"
		done; done
		echo
	done
	echo
	echo "verdict's phases (one more run with --timings; the load and evaluation phases split by the share of"
	echo "perf's CPU samples in each function's file, so the parts are estimates; \"other\" is allocation and copying):"
	echo
	echo "| N | profile | read/parse | typing | interning | other (load) | indexes | rules | outputs | other (eval) | total |"
	echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	for n in $SIZES; do for p in $PROFILES; do
		tag=$p-$n
		out=$(awk '$1 ~ /^outputs/ { s += $2 } END { printf "%.2f", s }' "$W/$tag.phases")
		tot=$(awk '{ s += $2 } END { printf "%.2f", s }' "$W/$tag.phases")
		printf '| %s | %s | %s s | %s s | %s s | %s s | %s s | %s s | %s s | %s s | %s s |\n' "$n" "$p" \
			"$(ph parse $tag)" "$(ph typing $tag)" "$(ph intern $tag)" "$(ph other_load $tag)" \
			"$(ph indexes $tag)" "$(ph rules $tag)" "$out" "$(ph other_eval $tag)" "$tot"
	done; done
	[ -n "$HAVE_PERF" ] || echo "(perf is not usable here: the load and evaluation phases are not split)"
	echo
	echo "Ingest (sales.csv of the $(echo $PROFILES | cut -d' ' -f1) bundle alone: a rule file with only its dataset;"
	echo "verdict's \"data loaded\" phase, medians of $RUNS; bench/csvscan is libcsv with callbacks that only count):"
	echo
	echo "| N | sales.csv | bare libcsv scan, 1 thread | verdict parse+type, 1 thread | verdict, 2 threads | verdict 1 thread / scan speed |"
	echo "|---:|---:|---:|---:|---:|---:|"
	for n in $SIZES; do
		tag=$(echo $PROFILES | cut -d' ' -f1)-$n
		sc=$(ing scan $tag) l1=$(ing load1 $tag) l2=$(ing load2 $tag)
		printf '| %s | %s MB | %s s | %s s | %s s | %s |\n' "$n" "$(($(wc -c <"$DATA/$tag/sales.csv") / 1000000))" \
			"$sc" "$l1" "$l2" "$(awk -v s="$sc" -v l="$l1" 'BEGIN { printf "%.0f%%", 100 * s / l }')"
		echo "ingest $n $sc $l1 $l2" >>"$W/summary.tmp"
	done
	echo
	echo "Targets (issue 13), from the figures above (the headline DuckDB: raw CSVs, XML pre-converted, conversion included):"
	echo
	echo "| target | N | profile | figure | |"
	echo "|---|---:|---|---:|---|"
	while read -r tag vw vk ew ek; do
		[ "$tag" = ingest ] && continue
		n=${tag##*-} p=${tag%-*}
		r=$(ratio "$vw" "$ew")
		printf '| wall at most 0.75 x DuckDB | %s | %s | %s | %s |\n' "$n" "$p" "$r" "$(metif "$r" 0.75)"
		r=$(ratio "$vk" "$ek")
		printf '| peak RSS at most DuckDB'"'"'s | %s | %s | %s | %s |\n' "$n" "$p" "$r" "$(metif "$r" 1)"
	done <"$W/summary.tmp"
	if [ -n "$LARGE" ]; then
		for p in $PROFILES; do
			w1=$(awk -v t="$p-$N" '$1 == t { print $2 }' "$W/summary.tmp") w5=$(awk -v t="$p-$LARGE" '$1 == t { print $2 }' "$W/summary.tmp")
			k1=$(awk -v t="$p-$N" '$1 == t { print $3 }' "$W/summary.tmp") k5=$(awk -v t="$p-$LARGE" '$1 == t { print $3 }' "$W/summary.tmp")
			b1=$(du -sb "$DATA/$p-$N" | cut -f1) b5=$(du -sb "$DATA/$p-$LARGE" | cut -f1)
			r=$(ratio "$w5" "$w1")
			printf '| %s run at most 5.5 x the %s run | | %s | %s | %s |\n' "$LARGE" "$N" "$p" "$r" "$(metif "$r" 5.5)"
			r=$(ratio "$k5" "$k1") lim=$(ratio "$b5" "$b1")
			printf '| memory grows no faster than the data (%s x) | | %s | %s | %s |\n' "$lim" "$p" "$r" "$(metif "$r" "$lim")"
		done
	fi
	while read -r tag n sc l1 l2; do
		[ "$tag" = ingest ] || continue
		r=$(ratio "$sc" "$l1")
		printf '| ingest, 1 thread, at least 80%% of a libcsv scan | %s | | %s | %s |\n' "$n" "$r" "$(metif 0.8 "$r")"
		r=$(ratio "$l2" "$sc")
		printf '| ingest, 2 threads, faster than the scan (time ratio) | %s | | %s | %s |\n' "$n" "$r" \
			"$(awk -v r="$r" 'BEGIN { print (r != "n/a" && r < 1) ? "met" : "not met" }')"
	done <"$W/summary.tmp"
	echo
	echo "What bench/peersql.js changed in the generated SQL: duckdb $(sed 's/^peersql: //' "$W/$(echo $PROFILES | cut -d' ' -f1)-$N/peersql.duckdb");" \
		"sqlite $(sed 's/^peersql: //' "$W/$(echo $PROFILES | cut -d' ' -f1)-$N/peersql.sqlite")."
} >"$W/benchmarks.md"
rm -f "$W/summary.tmp"
mv "$W/benchmarks.md" "$DOC"
log "bench: wrote $DOC"
