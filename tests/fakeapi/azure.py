"""Azure OpenAI's URL shapes, mapped onto the fake's /v1 routes.

What the openai SDK sends (openai/lib/azure.py in 1.109.1): `AzureOpenAI(azure_endpoint=E,
api_version=V)` has the base URL `E/openai` and the query `api-version=V` on every request, so
`client.responses.create` posts to `E/openai/responses?api-version=V`. The endpoints it routes by
deployment (`_deployments_endpoints`: chat completions, completions, embeddings, audio, images) go
to `E/openai/deployments/<deployment>/<path>`: the model's name, or the client's `azure_deployment`.
With `azure_deployment` given, every other path still goes to `E/openai/<path>`. `OpenAI(base_url=
"E/openai/v1/")` (Azure's v1 API) sends `E/openai/v1/<path>`, no api-version needed.

Like an Azure resource, the fake refuses /responses and /conversations under an api-version older
than the Responses API's first preview (the status an Azure resource gives for a route its
api-version lacks is our guess: 404, "Resource not found").
"""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from .errors import ApiError, bad_request, not_found

PREFIX = "openai"
# The SDK's deployment-routed endpoints that the fake serves.
DEPLOYMENT_ROUTED = {("chat", "completions")}
FIRST_RESPONSES_VERSION = (2025, 3, 1)
_NEEDS_RESPONSES_VERSION = {"responses", "conversations"}


def to_v1(parts: List[str], query: Dict[str, str]) -> Tuple[List[str], Dict[str, str]]:
    """``parts`` of an Azure-shaped path as the fake's own `v1/...` parts, and the query without its
    `api-version`; any other path as it is."""
    if not parts or parts[0] != PREFIX:
        return parts, query
    rest = parts[1:]
    if rest[:1] == ["v1"]:
        return ["v1", *rest[1:]], {k: v for k, v in query.items() if k != "api-version"}
    version = query.get("api-version")
    if not version:
        raise bad_request("Missing required query parameter: api-version", "api-version", "missing_required_parameter")
    if rest[:1] == ["deployments"]:
        if len(rest) < 3 or tuple(rest[2:]) not in DEPLOYMENT_ROUTED:
            raise not_found("Resource not found")
        rest = rest[2:]
    if rest[:1] and rest[0] in _NEEDS_RESPONSES_VERSION and _too_old(version):
        raise ApiError(404, "Resource not found", code="404")
    return ["v1", *rest], {k: v for k, v in query.items() if k != "api-version"}


def _too_old(version: str) -> bool:
    date = _date(version)
    return date is not None and date < FIRST_RESPONSES_VERSION


def _date(version: str) -> Optional[Tuple[int, int, int]]:
    parts = version.lower().removesuffix("-preview").split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    return int(parts[0]), int(parts[1]), int(parts[2])
