#!/bin/sh
# tools/embed.sh FILE - FILE's bytes as a C initializer list ("0x2f,0x2a,...")
# for an asset embedded at build time:
#   static const char css[] = {
#   #include "assets/report.css.inc"
#   };
# The list has no terminating NUL; use sizeof for the length.
od -An -v -tx1 "$1" | sed -e 's/^ *//' -e 's/ *$//' -e '/^$/d' -e 's/\([0-9a-f][0-9a-f]\)/0x\1,/g' -e 's/, /,/g'
