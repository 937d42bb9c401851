#!/usr/bin/env python3
"""Static checks of the deployment assets that need no Azure and no Bicep compiler.

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


# The worker's configuration contract: the only variables the deployment may set on the container.
CONTRACT_EXACT = {
    "GraphNetworker__Store__Provider",
    "GraphNetworker__Store__ConnectionString",
    "GraphNetworker__Graph__Mode",
    "GraphNetworker__Graph__TenantId",
    "GraphNetworker__Graph__ClientId",
    "GraphNetworker__Scope__OptInGroupId",
    "AZURE_CLIENT_ID",
    "OTEL_EXPORTER_OTLP_ENDPOINT",
    "OTEL_SERVICE_NAME",
}
CONTRACT_PATTERNS = [re.compile(r"^GraphNetworker__Scope__Mailboxes__(\d+|\$\{i\})$")]
REQUIRED_ENV = CONTRACT_EXACT - {"OTEL_EXPORTER_OTLP_ENDPOINT"}  # optional: set only when configured
AZD_OUTPUTS = {
    "AZURE_CONTAINER_REGISTRY_ENDPOINT", "AZURE_CONTAINER_REGISTRY_NAME", "AZURE_CONTAINER_ENVIRONMENT_NAME",
    "AZURE_RESOURCE_GROUP", "AZURE_TENANT_ID", "SERVICE_WORKER_NAME", "SERVICE_WORKER_IMAGE_NAME",
    "AZURE_SQL_SERVER_NAME", "AZURE_SQL_DATABASE_NAME", "AZURE_WORKER_IDENTITY_CLIENT_ID",
    "AZURE_WORKER_IDENTITY_PRINCIPAL_ID",
}


def strip_bicep(text: str) -> str:
    """Remove comments and string contents (keeping the quotes) so brackets can be counted."""
    out, i, n = [], 0, len(text)
    while i < n:
        if text.startswith("'''", i):
            j = text.find("'''", i + 3)
            j = n if j < 0 else j + 3
            out.append("''")
            i = j
        elif text[i] == "'":
            j = i + 1
            while j < n and text[j] != "'":
                j += 2 if text[j] == "\\" else 1
            out.append("''")
            i = j + 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


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


def params_of(text: str) -> set[str]:
    return set(re.findall(r"^param\s+([A-Za-z_][A-Za-z0-9_]*)\s", text, re.M))


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

    # --- Bicep: structure without a compiler ------------------------------------------------------
    bicep_files = sorted(INFRA.rglob("*.bicep"))
    texts = {p: p.read_text() for p in bicep_files}
    for path, text in texts.items():
        problem = balanced(strip_bicep(text))
        check(not problem, f"bicep brackets balance: {path.relative_to(ROOT)}", problem)
        for ref in re.findall(r"^module\s+\w+\s+'([^']+)'", text, re.M):
            if ref.startswith("br:") or ref.startswith("br/"):
                check(re.search(r":\d+\.\d+\.\d+$", ref) is not None, f"registry module pinned: {ref}")
            else:
                check((path.parent / ref).is_file(), f"module path exists: {path.relative_to(ROOT)} -> {ref}")
        for ref in re.findall(r"loadJsonContent\('([^']+)'\)", text):
            check((path.parent / ref).is_file(), f"loadJsonContent target exists: {path.relative_to(ROOT)} -> {ref}")

    # Module call parameters must be parameters of the module (and required ones must be passed).
    for path, text in texts.items():
        for m in re.finditer(r"^module\s+(\w+)\s+'([^']+)'\s*=\s*(?:if\s*\([^)]*\)\s*)?\{(.*?)^\}", text, re.M | re.S):
            name, ref, body = m.group(1), m.group(2), m.group(3)
            target = path.parent / ref
            if not target.is_file():
                continue
            pm = re.search(r"^\s*params:\s*\{(.*?)^\s{2}\}", body, re.M | re.S)
            passed = set(re.findall(r"^\s{4}([A-Za-z_][A-Za-z0-9_]*)\s*:", pm.group(1), re.M)) if pm else set()
            target_text = target.read_text()
            declared = params_of(target_text)
            required = {p for p in declared
                        if re.search(rf"^param\s+{p}\s+[^\n=]+$", target_text, re.M)}
            unknown = passed - declared
            missing = required - passed
            check(not unknown and not missing, f"module params match: {path.name}:{name} -> {ref}",
                  f"unknown {sorted(unknown)} missing {sorted(missing)}")

    for path in sorted((ROOT / "deploy").glob("*.ps1")):
        problem = balanced(strip_powershell(path.read_text()))
        check(not problem, f"powershell brackets balance (crude, no pwsh here): {path.relative_to(ROOT)}", problem)

    main_bicep = (INFRA / "main.bicep").read_text()
    check("targetScope = 'subscription'" in main_bicep, "main.bicep targets the subscription scope")
    outputs = set(re.findall(r"^output\s+(\w+)\s", main_bicep, re.M))
    check(AZD_OUTPUTS <= outputs, "main.bicep has the outputs azd and deploy/ read", f"missing {sorted(AZD_OUTPUTS - outputs)}")
    params_file = json.loads((INFRA / "main.parameters.json").read_text())["parameters"]
    main_params = params_of(main_bicep)
    check(set(params_file) <= main_params, "main.parameters.json only sets main.bicep parameters",
          f"unknown {sorted(set(params_file) - main_params)}")
    required_main = {p for p in main_params if re.search(rf"^param\s+{p}\s+[^\n=]+$", main_bicep, re.M)}
    check(required_main <= set(params_file), "main.parameters.json provides every required main.bicep parameter",
          f"missing {sorted(required_main - set(params_file))}")

    everything = "\n".join(texts.values())
    lowered = everything.lower()
    check("administratorloginpassword" not in lowered and "@secure()" not in everything,
          "no SQL passwords or secure parameters anywhere in infra/")
    check(re.search(r"adminUserEnabled:\s*true", everything) is None, "registry admin user (password) stays disabled")
    check(re.search(r"azureADOnlyAuthentication:\s*true", everything) is not None, "Azure SQL uses Entra-only authentication")
    check(re.search(r"external:\s*true", everything) is None, "no external (public) ingress")
    check("'azd-service-name': 'worker'" in everything, "the container app carries the azd-service-name: worker tag")
    check(re.search(r"minReplicas:\s*1", everything) is not None, "at least one replica always runs")
    check(re.search(r"activeRevisionsMode:\s*'Single'", everything) is not None, "single revision mode (rolling, overlapping revisions)")
    for probe in ("Startup", "Liveness", "Readiness"):
        check(f"type: '{probe}'" in everything, f"{probe.lower()} probe configured")
    check("/healthz/live" in everything and "/healthz/ready" in everything and "port: 8080" in everything,
          "probes use /healthz/live and /healthz/ready on 8080")
    check("7f951dda-4ed3-4680-a7ca-43fe172d538d" in everything, "the worker identity gets AcrPull")
    check("Authentication=Active Directory Managed Identity" in everything and "Password=" not in everything,
          "SQL connection string uses the managed identity and no password")

    # --- Environment variables: exactly the worker's contract ---------------------------------------
    # An env entry is "name: '<X>'" followed by "value:" (same or next line) in infra/resources.bicep.
    env_names = set(re.findall(r"name:\s*'([^']+)'\s*[,\n]\s*value:", (INFRA / "resources.bicep").read_text()))
    outside = {n for n in env_names if n not in CONTRACT_EXACT and not any(p.match(n) for p in CONTRACT_PATTERNS)}
    check(not outside, "every env var the Bicep sets is in the worker's configuration contract", f"not in contract: {sorted(outside)}")
    check(REQUIRED_ENV <= env_names, "the Bicep sets every required contract variable", f"missing {sorted(REQUIRED_ENV - env_names)}")
    check("OTEL_EXPORTER_OTLP_ENDPOINT" in env_names, "OTEL_EXPORTER_OTLP_ENDPOINT is wired (when an endpoint is given)")

    # --- Graph permissions: the same six everywhere, nothing that reads bodies -----------------------
    six = ["Mail.ReadBasic.All", "Calendars.ReadWrite", "Tasks.ReadWrite.All", "MailboxSettings.Read", "User.Read.All", "GroupMember.Read.All"]
    for script in ("deploy/grant-graph-permissions.sh", "deploy/grant-graph-permissions.ps1", "infra/resources.bicep"):
        text = (ROOT / script).read_text()
        check(all(p in text for p in six), f"{script} names all six Graph permissions")
        check(re.search(r"\bMail\.Read(Write)?(\.All)?\b(?!Basic)", text.replace("Mail.ReadBasic", "")) is None,
              f"{script} requests nothing that reads message bodies (no Mail.Read / Mail.ReadWrite)")

    print(f"{passes} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
