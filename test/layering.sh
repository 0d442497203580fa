#!/bin/sh
# layering.sh — the include rules of docs/design.md ("Layering"), checked on
# the sources: one line per include that breaks a rule, and exit 1 if any.
# `make test` runs it before the suite.
cd "$(dirname "$0")/.." || exit 2
status=0
refuse() { # refuse FILES... -- PATTERN RULE
  pattern=$1; rule=$2; shift 2
  hits=$(grep -nE "^#include \"($pattern)" "$@" 2>/dev/null)
  [ -z "$hits" ] && return
  echo "$hits" | sed "s|\$| ($rule)|"
  status=1
}
refuse "bin/|nn/|geom/|flow/|python/" "data/ includes nothing above it" data/*.cpp data/*.h data/*/*.cpp data/*/*.h
refuse "bin/|geom/|flow/|python/" "nn/ uses data/ only" nn/*.cpp nn/*.h
refuse "bin/|nn/|flow/|python/" "geom/ uses data/ only" geom/*.cpp geom/*.h
refuse "bin/|nn/|python/" "flow/ never includes nn/ or bin/" flow/*.cpp flow/*.h
refuse "bin/[a-z_]*_command|bin/commands\.h" "no room includes a command file" bin/*/*.cpp bin/*/*.h
refuse "nn/" "bin/report/ is presentation: never nn/" bin/report/*.cpp bin/report/*.h
refuse "bin/sweep/|bin/report/" "bin/experiment/ is one network: not the sweep or the report" bin/experiment/*.cpp bin/experiment/*.h
refuse "bin/report/" "bin/sweep/ does not draw the report" bin/sweep/*.cpp bin/sweep/*.h
refuse "bin/(experiment|sweep|report)/|bin/[a-z_]*_command|nn/" "python/ is the module over data/, geom/ and flow/" python/*.cpp python/*.h
exit $status
