#!/usr/bin/env bash
# Regenerates the measured part of docs/engine-calibration.md: runs the demo over the Enron development tenant and
# over the synthetic tenant, reads `report --all --format json` for every dev-set mailbox (summarize.jq), and runs the
# constant sweep over both synced data folders (sweep.cs). Everything between the "generated" markers of the document
# is replaced; the prose around it is kept.
#
#   eng/calibration/calibrate.sh [dev-set tenant folder]     (default: ../shared/data/enron-dev/tenant)
#
# Needs the .NET SDK and jq. Takes about two minutes. The figures depend on when it runs (the demo scores on the
# clock, and the backfill window moves with it hour by hour), so the document says the day and the hour they were measured.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tenant=$(cd "${1:-$repo/../shared/data/enron-dev/tenant}" && pwd)
doc="$repo/docs/engine-calibration.md"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet build "$repo/src/GraphNetworker.Demo" -nologo -v quiet > "$work/build.log" || { cat "$work/build.log"; exit 1; }
demo=(dotnet "$repo/src/GraphNetworker.Demo/bin/Debug/net10.0/graphnetworker-demo.dll")

echo "demo over the dev set ($tenant)…" >&2
"${demo[@]}" demo --tenant "$tenant" --no-preview --data "$work/dev" > "$work/dev.log" 2>&1 || { cat "$work/dev.log"; exit 1; }
echo "demo over the synthetic tenant…" >&2
"${demo[@]}" demo --no-preview --data "$work/synthetic" > "$work/synthetic.log" 2>&1 || { cat "$work/synthetic.log"; exit 1; }

mkdir -p "$work/reports"
for mailbox in $(jq -r '.users[].userPrincipalName' "$tenant/tenant.json" | sort); do
  "${demo[@]}" report --data "$work/dev" --mailbox "$mailbox" --all --format json > "$work/reports/$mailbox.json"
done

now=$(jq -r '.generatedAt' "$(ls "$work"/reports/*.json | head -1)")
{
  echo "Measured on $(date -u -d "$now" '+%-d %B %Y at %H:%M UTC') by \`eng/calibration/calibrate.sh\` (demo over the dev set, one cycle, then \`report --all --format json\` per mailbox). The figures move with the clock, by the hour as well as by the day: scores decay to now, and the oldest items leave the backfill window."
  echo
  for report in "$work"/reports/*.json; do
    jq -r -f "$repo/eng/calibration/summarize.jq" "$report"
  done
} > "$work/figures.md"

echo "sweep…" >&2
dotnet run "$repo/eng/calibration/sweep.cs" -- --data "dev=$work/dev" --data "synthetic=$work/synthetic" --now "$now" > "$work/sweep.md"

# Splice each generated block between its markers.
splice() {
  local name=$1 file=$2
  awk -v begin="<!-- generated:$name -->" -v end="<!-- end:$name -->" -v file="$file" '
    $0 == begin { print; while ((getline line < file) > 0) print line; skip = 1; next }
    $0 == end { skip = 0 }
    !skip { print }
  ' "$doc" > "$work/doc.md"
  mv "$work/doc.md" "$doc"
}
splice figures "$work/figures.md"
splice sweep "$work/sweep.md"
echo "updated $doc" >&2
