#!/usr/bin/env python3
"""Static checks of the deployment assets that no compiler makes: JSON files parse, azure.yaml wires the
worker and the hooks, the PowerShell scripts' brackets balance, and the grant scripts name the same six
Graph permissions and nothing that reads message bodies.

The Bicep is compiled, linted and checked as ARM JSON by the Bicep compiler itself in
tests/GraphNetworker.Deployment.Tests (ArmTemplateTests): Entra-only SQL, no secrets in outputs, the
managed identity, the worker's environment, the Graph app roles granted from Bicep.

Run by deploy/test-deploy-assets.sh. Prints one line per check ("ok", "FAIL") and exits 1 if any
check failed. Each check names the rule it enforces so a failure says what to fix.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[2])
INFRA = ROOT / "infra"
failures: list[str] = []
passes = 0


def check(ok: bool, name: str, detail: str = "") -> None:
    global passes
    if ok:
        passes += 1
        print(f"ok    {name}")
    else:
        failures.append(name)
        print(f"FAIL  {name}{': ' + detail if detail else ''}")


def strip_powershell(text: str) -> str:
    """Remove PowerShell comments, here-strings and string contents so brackets can be counted.
    A crude stand-in for the PowerShell parser, which is not available on the build machines."""
    text = re.sub(r"<#.*?#>", "", text, flags=re.S)
    text = re.sub(r'@"\r?\n.*?\r?\n"@', "''", text, flags=re.S)
    text = re.sub(r"@'\r?\n.*?\r?\n'@", "''", text, flags=re.S)
    out, i, n = [], 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif ch == "'":
            j = i + 1
            while j < n and not (text[j] == "'" and not text.startswith("''", j)):
                j += 2 if text.startswith("''", j) else 1
            out.append("''")
            i = j + 1
        elif ch == '"':
            j, depth = i + 1, 0
            while j < n:
                if text[j] == "`":
                    j += 2
                    continue
                if text.startswith("$(", j):
                    depth += 1
                elif text[j] == ")" and depth:
                    depth -= 1
                elif text[j] == '"' and not depth:
                    break
                j += 1
            out.append("''")
            i = j + 1
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def balanced(code: str) -> str:
    pairs = {")": "(", "]": "[", "}": "{"}
    stack: list[str] = []
    for ch in code:
        if ch in "([{":
            stack.append(ch)
        elif ch in ")]}":
            if not stack or stack[-1] != pairs[ch]:
                return f"unexpected '{ch}'"
            stack.pop()
    return "" if not stack else f"unclosed '{stack[-1]}'"


def main() -> None:
    # --- JSON files parse ------------------------------------------------------------------------
    for path in sorted(INFRA.rglob("*.json")):
        try:
            json.loads(path.read_text())
            check(True, f"json parses: {path.relative_to(ROOT)}")
        except json.JSONDecodeError as e:
            check(False, f"json parses: {path.relative_to(ROOT)}", str(e))

    # --- azure.yaml ----------------------------------------------------------------------------------
    azure_yaml = ROOT / "azure.yaml"
    try:
        import yaml  # type: ignore

        doc = yaml.safe_load(azure_yaml.read_text())
        worker = (doc.get("services") or {}).get("worker") or {}
        check(bool(doc.get("name")), "azure.yaml: name")
        check(worker.get("project") == "./src/GraphNetworker.Worker", "azure.yaml: services.worker.project is ./src/GraphNetworker.Worker")
        check(worker.get("host") == "containerapp", "azure.yaml: services.worker.host is containerapp")
        check(worker.get("language") in ("dotnet", "csharp"), "azure.yaml: services.worker.language is dotnet")
        check("docker" not in worker, "azure.yaml: no docker section (the .NET SDK builds the image)")
        check((doc.get("infra") or {}).get("path", "infra") == "infra", "azure.yaml: infra path")
        hook = ((doc.get("hooks") or {}).get("postprovision") or {})
        posix_run = str((hook.get("posix") or {}).get("run", ""))
        windows_run = str((hook.get("windows") or {}).get("run", ""))
        check("deploy/postprovision.sh" in posix_run and (ROOT / "deploy/postprovision.sh").is_file(), "azure.yaml: posix postprovision hook runs deploy/postprovision.sh")
        check("deploy/postprovision.ps1" in windows_run and (ROOT / "deploy/postprovision.ps1").is_file(), "azure.yaml: windows postprovision hook runs deploy/postprovision.ps1")
        check((ROOT / worker.get("project", "missing")).is_dir(), "azure.yaml: the worker project folder exists")
    except ImportError:
        text = azure_yaml.read_text()
        for needle in ("host: containerapp", "project: ./src/GraphNetworker.Worker", "postprovision:"):
            check(needle in text, f"azure.yaml contains '{needle}' (PyYAML not installed: text check)")

    for path in sorted((ROOT / "deploy").glob("*.ps1")):
        problem = balanced(strip_powershell(path.read_text()))
        check(not problem, f"powershell brackets balance (crude, no pwsh here): {path.relative_to(ROOT)}", problem)

    # --- Graph permissions: the same six in both scripts, nothing that reads bodies ---------------------
    # (infra/resources.bicep's list is checked in the compiled template by ArmTemplateTests.)
    six = ["Mail.ReadBasic.All", "Calendars.ReadWrite", "Tasks.ReadWrite.All", "MailboxSettings.Read", "User.Read.All", "GroupMember.Read.All"]
    for script in ("deploy/grant-graph-permissions.sh", "deploy/grant-graph-permissions.ps1"):
        text = (ROOT / script).read_text()
        check(all(p in text for p in six), f"{script} names all six Graph permissions")
        check(all(p in text for p in ("Chat.ReadBasic.All", "Chat.Read.All", "CallRecords.Read.All")), f"{script} names the optional Teams permissions")
        check(re.search(r"\bMail\.Read(Write)?(\.All)?\b(?!Basic)", text.replace("Mail.ReadBasic", "")) is None,
              f"{script} requests nothing that reads message bodies (no Mail.Read / Mail.ReadWrite)")

    print(f"{passes} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
