#!/bin/sh
# tools/man.sh VERDICT - writes the man page verdict(1) on stdout, built
# from the program's own help texts (`verdict --help`, `verdict CMD
# --help`), so the page cannot drift from the options.  The texts are
# kept as written (preformatted blocks); only roff's special characters
# are escaped.  No date in the page: the same binary gives the same page.
set -eu
v=$1
roff() { # stdin: plain text -> preformatted roff lines
	sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"
}
version=$("$v" --version | sed 's/^verdict //')
cat <<END
.TH VERDICT 1 "" "verdict $version" "User Commands"
.SH NAME
verdict \\- batch rules and reporting engine
.SH SYNOPSIS
.B verdict
.I command
[\\fIoptions\\fR]
.SH DESCRIPTION
.nf
END
"$v" --help | roff
echo ".fi"
# the commands as `verdict --help` lists them, so a new one is never missed
cmds=$("$v" --help | sed -n '/^commands:/,/^$/p' | sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p')
for cmd in $cmds; do
	echo ".SH \"VERDICT $(echo "$cmd" | tr a-z A-Z)\""
	echo ".nf"
	"$v" "$cmd" --help | roff
	echo ".fi"
done
cat <<END
.SH ENVIRONMENT
.TP
.B SOURCE_DATE_EPOCH
fixes the run's clock: every output is byte\\-identical for the same inputs.
.TP
.B VERDICT_HASH_SEED
the key of the hash tables fed by input data; the outputs do not depend on it.
.SH SEE ALSO
The README and docs/ of the source distribution: the rule language, the
report formats, the CSP rule pack.
END
