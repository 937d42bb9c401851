#!/usr/bin/env python3
"""A stand-in for the Azure CLI, just enough for deploy/grant-graph-permissions.sh to run offline.

Used only by deploy/test-deploy-assets.sh: it implements `az account show` and `az rest` against an
in-memory Microsoft Graph (applications, service principals, app role assignments, federated
credentials) kept in the JSON file named by FAKE_AZ_STATE, applies --query with the real JMESPath
library, formats -o tsv/json like az does, and appends every write (POST/PATCH/DELETE) to FAKE_AZ_LOG.
The Graph paths and payloads follow the Microsoft Graph v1.0 reference for the calls the script makes.
"""

from __future__ import annotations

import json
import os
import re
import sys
import uuid
from urllib.parse import parse_qs, unquote, urlsplit

import jmespath  # type: ignore

GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000"
TENANT = "72f988bf-0000-0000-0000-000000000001"
# Microsoft Graph's real application role ids (the same in every tenant: they are the appRoles of Graph's own service
# principal, GRAPH_APP_ID), so the grant script is tested against the ids Entra ID really uses: the six roles, the
# optional Teams ones, and Mail.Read, which Graph offers too but the script must never grant.
ROLES = {
    "Mail.ReadBasic.All": "693c5e45-0940-467d-9b8a-1022fb9d42ef",
    "Calendars.ReadWrite": "ef54d2bf-783f-4e0f-bca1-3210c0444d99",
    "Tasks.ReadWrite.All": "44e666d1-d276-445b-a5fc-8815eeb81d55",
    "MailboxSettings.Read": "40f97065-369a-49f4-947c-6a255697ae91",
    "User.Read.All": "df021288-bdef-4463-88db-98f22de89214",
    "GroupMember.Read.All": "98830695-27a2-44f7-8c18-0c3ebc9698f6",
    "Chat.ReadBasic.All": "b2e060da-3baf-4687-9611-f4ebc0f0cbde",
    "Chat.Read.All": "6b7d71aa-70aa-4810-a8d9-5d9fb2830017",
    "CallRecords.Read.All": "45bbb07e-7321-4fd7-a8f6-3ff27e6a81c8",
    "Mail.Read": "810c84a8-4a9e-49e6-bf7d-12d183f40d01",
}


def initial_state() -> dict:
    graph_sp = {
        "id": "9f1c0000-0000-0000-0000-00000000a0a1",
        "appId": GRAPH_APP_ID,
        "servicePrincipalType": "Application",
        "appRoles": [{"id": rid, "value": v, "allowedMemberTypes": ["Application"]} for v, rid in ROLES.items()]
        # A delegated-only scope with the same value must never be picked as an app role.
        + [{"id": "11111111-2222-3333-4444-555555555555", "value": "User.Read.All", "allowedMemberTypes": ["User"]}],
    }
    mi = {"id": "22222222-2222-2222-2222-222222222222", "appId": "11111111-1111-1111-1111-111111111111",
          "servicePrincipalType": "ManagedIdentity", "appRoles": []}
    return {"servicePrincipals": [graph_sp, mi], "assignments": [], "applications": [], "fics": []}


def load() -> dict:
    path = os.environ["FAKE_AZ_STATE"]
    if not os.path.exists(path):
        return initial_state()
    with open(path) as f:
        return json.load(f)


def save(state: dict) -> None:
    with open(os.environ["FAKE_AZ_STATE"], "w") as f:
        json.dump(state, f)


def log_write(method: str, path: str, body: str | None) -> None:
    with open(os.environ["FAKE_AZ_LOG"], "a") as f:
        f.write(f"{method.upper()} {path} {body or ''}\n")


def emit(value, query: str | None, output: str | None) -> None:
    if query:
        value = jmespath.search(query, value)
    if output == "none":
        return
    if output == "tsv":
        def cell(v):
            return "" if v is None else (json.dumps(v) if isinstance(v, (dict, list)) else str(v))
        if isinstance(value, list):
            for item in value:
                print("\t".join(cell(x) for x in item) if isinstance(item, list) else cell(item))
        elif value is not None:
            print(cell(value))
        return
    print(json.dumps(value, indent=2))


def fail(code: int, message: str) -> None:
    print(f"ERROR: {message}", file=sys.stderr)
    sys.exit(code)


def rest(args: dict) -> None:
    state = load()
    method = args["--method"].lower()
    url = urlsplit(args["--url"])
    path = unquote(url.path)
    if not path.startswith("/v1.0/"):
        fail(1, f"unexpected url {args['--url']}")
    path = path[len("/v1.0"):]
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    body = json.loads(args["--body"]) if args.get("--body") else None
    sps, apps = state["servicePrincipals"], state["applications"]

    def sp_by_id(i):
        return next((s for s in sps if s["id"] == i), None)

    def eq_filter(items, flt, field):
        m = re.fullmatch(rf"{field} eq '([^']*)'", flt or "")
        return [x for x in items if m and x.get(field) == m.group(1)]

    result = None
    m = re.fullmatch(r"/servicePrincipals\(appId='([^']+)'\)", path)
    if m and method == "get":
        result = next((s for s in sps if s["appId"] == m.group(1)), None) or fail(3, "Request_ResourceNotFound")
    elif (m := re.fullmatch(r"/servicePrincipals/([^/]+)", path)) and method == "get":
        result = sp_by_id(m.group(1)) or fail(3, "Request_ResourceNotFound")
    elif (m := re.fullmatch(r"/servicePrincipals/([^/]+)/appRoleAssignments", path)):
        if method == "get":
            result = {"value": [a for a in state["assignments"] if a["principalId"] == m.group(1)]}
        elif method == "post":
            if body["principalId"] != m.group(1) or not sp_by_id(body["resourceId"]):
                fail(1, "Request_BadRequest")
            if any(a["principalId"] == body["principalId"] and a["appRoleId"] == body["appRoleId"] for a in state["assignments"]):
                fail(1, "Permission being assigned already exists on the object")
            result = dict(body, id=uuid.uuid4().hex)
            state["assignments"].append(result)
    elif (m := re.fullmatch(r"/servicePrincipals/([^/]+)/appRoleAssignments/([^/]+)", path)) and method == "delete":
        before = len(state["assignments"])
        state["assignments"] = [a for a in state["assignments"] if a["id"] != m.group(2)]
        if len(state["assignments"]) == before:
            fail(3, "Request_ResourceNotFound")
    elif path == "/servicePrincipals":
        if method == "get":
            result = {"value": eq_filter(sps, query.get("$filter"), "appId")}
        elif method == "post":
            result = {"id": str(uuid.uuid4()), "appId": body["appId"], "servicePrincipalType": "Application", "appRoles": []}
            sps.append(result)
    elif path == "/applications":
        if method == "get":
            result = {"value": eq_filter(apps, query.get("$filter"), "displayName")}
        elif method == "post":
            result = dict(body, id=str(uuid.uuid4()), appId=str(uuid.uuid4()))
            result.setdefault("requiredResourceAccess", [])
            apps.append(result)
    elif (m := re.fullmatch(r"/applications/([^/]+)", path)):
        app = next((a for a in apps if a["id"] == m.group(1)), None) or fail(3, "Request_ResourceNotFound")
        if method == "get":
            result = app
        elif method == "patch":
            app.update(body)
        elif method == "delete":
            state["applications"] = [a for a in apps if a["id"] != app["id"]]
            state["servicePrincipals"] = [s for s in sps if s["appId"] != app["appId"]]
    elif (m := re.fullmatch(r"/applications/([^/]+)/federatedIdentityCredentials", path)):
        if method == "get":
            result = {"value": [f for f in state["fics"] if f["app"] == m.group(1)]}
        elif method == "post":
            result = dict(body, id=str(uuid.uuid4()), app=m.group(1))
            state["fics"].append(result)
    else:
        fail(1, f"fake az: no route for {method.upper()} {path}")

    if method != "get":
        log_write(method, path, args.get("--body"))
        save(state)
    emit(result, args.get("--query"), args.get("-o") or args.get("--output"))


def main() -> None:
    argv = sys.argv[1:]
    if argv[:2] == ["account", "show"]:
        opts = dict(zip(argv[2::2], argv[3::2]))
        emit({"tenantId": TENANT, "user": {"type": "user"}}, opts.get("--query"), opts.get("-o") or opts.get("--output"))
        return
    if argv[:1] == ["rest"]:
        opts: dict[str, str] = {}
        i = 1
        while i < len(argv):
            opts[argv[i]] = argv[i + 1] if i + 1 < len(argv) else ""
            i += 2
        rest(opts)
        return
    fail(2, f"fake az: unsupported command {' '.join(argv)}")


if __name__ == "__main__":
    main()
