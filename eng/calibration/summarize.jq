# One mailbox's `report --all --format json` as Markdown: tracked people per tier and status, excluded people per
# reason, and the focus list (the report lists it first: due and overdue people by priority, ten at most) with each
# person's history in one line. Used by calibrate.sh.

def reason_class: sub("[:(].*$"; "") | sub(",.*$"; "") | sub("[. ]+$"; "");
def line(prefix): [.why[] | select(startswith(prefix))][0] // "";
def count(status): map(select(.status == status)) | length;

.mailbox as $mailbox
| [.relationships[] | select(.status != "excluded")] as $tracked
| [.relationships[] | select(.status == "excluded")] as $excluded
| [.relationships[] | select(.status == "due" or .status == "overdue")][0:10] as $focus
| "### \($mailbox)\n",
  "\($tracked | length) tracked of \(.relationships | length) people seen: " +
  "inner circle \($tracked | map(select(.tier == "inner")) | length), " +
  "regular \($tracked | map(select(.tier == "regular")) | length), " +
  "distant \($tracked | map(select(.tier == "distant")) | length) " +
  "(ok \($tracked | count("ok")), due \($tracked | count("due")), overdue \($tracked | count("overdue"))" +
  "\(if ($tracked | count("snoozed")) + ($tracked | count("muted")) > 0 then ", snoozed or muted \(($tracked | count("snoozed")) + ($tracked | count("muted")))" else "" end)). " +
  "Suggestions written by the first cycle: \(.suggestions | length).\n",
  "| excluded because | people |",
  "|---|---:|",
  ($excluded | group_by(.excludedReason | reason_class) | sort_by(-length, (.[0].excludedReason | reason_class))[]
    | "| \(.[0].excludedReason | reason_class) | \(length) |"),
  "",
  (if ($focus | length) == 0 then "Focus list: nobody is due.\n" else "Focus list:\n" end),
  ($focus | to_entries[] | .key as $i | .value
    | "\($i + 1). **\(.displayName)** — \(.tier)\(if .tier == "inner" then " circle" else "" end), \(.status); " +
      "\(line("Strength ") | capture("from (?<c>.*?); recent").c // "no counted contact")" +
      "\(line("Peak ") | if . == "" then "" else "; " + (sub("^Peak "; "peak ") | sub("\\.$"; "")) end)" +
      "\(line("Last contact: ") | if . == "" then "" else "; last " + (sub("^Last contact: "; "") | sub(" \\([^)]*\\)\\.$"; "")) end)" +
      "\([.why[] | select(endswith("; a distant contact."))][0] // "" | if . == "" then "" else "; " + (.[0:1] | ascii_downcase) + (.[1:] | sub("\\.$"; "")) end)."),
  ""
