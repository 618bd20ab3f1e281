"""Which client an API call goes through: OpenAI's, or an Azure OpenAI resource's.

An Azure client serves the Responses API (with the deployment name as `model`), but not every
Azure resource serves conversations, so the rewrite of a call depends on its client. The answer
is read from what the walk already gathered: the bindings of the receiver's name (or the
assignments of `self.<attr>` in the class), the module's calls and imports, and module-level
configuration of the `openai` module (`openai.api_type = "azure"`). A client is Azure when it is
made by `AzureOpenAI(...)` / `AsyncAzureOpenAI(...)` (any spelling: `openai.AzureOpenAI`, an alias
of the import), by any call given `azure_endpoint=` / `azure_deployment=` (a factory), or by
`OpenAI(base_url=".../openai/v1/")` (Azure's v1 endpoint, `AZURE_V1`); a name that may hold an
Azure client or another is taken as Azure. A receiver the facts cannot follow (a parameter, a
factory's result) is Azure when the module makes (or, making none, imports) an Azure client and no
OpenAI client.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Dict, Iterable, List, Optional, Set, Tuple

import libcst as cst

from transforms.facts.walk import ApiSite, Binding, dotted

if TYPE_CHECKING:
    from transforms.facts.infer import Facts

AZURE = "azure"  # AzureOpenAI with an api_version: /openai/<path>?api-version=V
AZURE_V1 = "azure-v1"  # OpenAI(base_url="https://<resource>.openai.azure.com/openai/v1/")
OPENAI = "openai"
UNKNOWN = "unknown"

AZURE_CLASSES = frozenset({"AzureOpenAI", "AsyncAzureOpenAI"})
OPENAI_CLASSES = frozenset({"OpenAI", "AsyncOpenAI"})
AZURE_KEYWORDS = frozenset({"azure_endpoint", "azure_deployment"})
# The first Azure OpenAI api-version that serves /responses (the Responses API's preview launch).
FIRST_RESPONSES_VERSION = "2025-03-01-preview"


@dataclass(frozen=True)
class Made:
    """Where a client gets its kind: the constructor call, or the `openai.<setting> = ...` statement."""

    kind: str
    node: Optional[cst.CSTNode] = None  # the call (or assignment) that makes it


class Clients:
    def __init__(self, facts: "Facts") -> None:
        self.facts = facts
        self._by_site: Dict[ApiSite, Optional[str]] = {}
        self._made_for_site: Dict[ApiSite, List[Made]] = {}
        self._module: Optional[Tuple[Optional[str], List[Made]]] = None
        self._openai_settings: Optional[Dict[str, Tuple[cst.CSTNode, cst.BaseExpression]]] = None
        self._imports: Optional[Dict[str, str]] = None

    # -- answers -----------------------------------------------------------------------------------
    def kind(self, site: ApiSite) -> Optional[str]:
        """AZURE, AZURE_V1, or None (an OpenAI client, or nothing says Azure)."""
        if site not in self._by_site:
            self._by_site[site] = self._decide(site)
        return self._by_site[site]

    def is_azure(self, site: ApiSite) -> bool:
        return self.kind(site) is not None

    def constructors(self, sites: Iterable[ApiSite]) -> List[cst.CSTNode]:
        """The calls (or `openai.api_version = ...` statements) that make the Azure clients of ``sites``,
        in source order, each once."""
        found: Dict[int, cst.CSTNode] = {}
        for site in sites:
            if self.kind(site) is None:
                continue
            for made in self._made_for_site.get(site, []):
                if made.kind in (AZURE, AZURE_V1) and made.node is not None:
                    found.setdefault(id(made.node), made.node)
        return list(found.values())

    def api_version(self, made: cst.CSTNode) -> Optional[str]:
        """The literal api_version an Azure constructor is given (None: from the environment, computed,
        or the v1 endpoint, which takes none)."""
        if isinstance(made, cst.Call):
            if self._classify_call(made) != AZURE:
                return None
            given = _keyword(made, "api_version")
            return self._literal(given) if given is not None else None
        if isinstance(made, cst.Assign):  # openai.api_version = "..."
            return self._literal(made.value)
        return None

    # -- deciding ----------------------------------------------------------------------------------
    def _decide(self, site: ApiSite) -> Optional[str]:
        made = self._receiver(site.api.receiver, depth=0)
        self._made_for_site[site] = made
        kinds = {m.kind for m in made}
        if AZURE in kinds:
            return AZURE
        if AZURE_V1 in kinds:
            return AZURE_V1
        if UNKNOWN in kinds or not kinds:
            fallback, module_made = self._module_kind()
            if fallback is not None:
                self._made_for_site[site] = [*made, *module_made]
            return fallback
        return None

    def _receiver(self, node: cst.BaseExpression, depth: int) -> List[Made]:
        if depth > 4:
            return [Made(UNKNOWN)]
        facts = self.facts
        if isinstance(node, cst.Name):
            bindings = facts.bindings(node)
            if not bindings:
                return [Made(UNKNOWN)]
            found: List[Made] = []
            for binding in bindings:
                found += self._binding(binding, depth)
            return found
        owner = facts.self_attr(node)
        if owner is not None:
            sets = facts.self_sets(*owner)
            if not sets:
                return [Made(UNKNOWN)]
            found = []
            for record in sets:
                found += self._value(record.value, depth) if record.value is not None and not record.path else [Made(UNKNOWN)]
            return found
        return [Made(UNKNOWN)]

    def _binding(self, binding: Binding, depth: int) -> List[Made]:
        if binding.how in ("assign", "annassign", "walrus", "with") and binding.value is not None and not binding.path:
            return self._value(binding.value, depth)
        if binding.how == "import":
            if self._imported(binding) == "openai":  # the `openai` module's own client
                return [self._module_client()]
            return [Made(UNKNOWN)]
        if binding.how == "param" and binding.annotation is not None:
            names = {self._imports_map().get(n, n) for n in _names_in(binding.annotation)}
            if names & AZURE_CLASSES:
                return [Made(AZURE)]
        return [Made(UNKNOWN)]

    def _value(self, value: cst.BaseExpression, depth: int) -> List[Made]:
        if isinstance(value, cst.Call):
            kind = self._classify_call(value)
            return [Made(kind, value if kind != UNKNOWN else None)]
        if isinstance(value, cst.BooleanOperation):
            return self._value(value.left, depth) + self._value(value.right, depth)
        if isinstance(value, cst.IfExp):
            return self._value(value.body, depth) + self._value(value.orelse, depth)
        if isinstance(value, cst.Name) and value.value == "None":
            return []
        if isinstance(value, (cst.Name, cst.Attribute)):
            return self._receiver(value, depth + 1)
        return [Made(UNKNOWN)]

    def _classify_call(self, call: cst.Call) -> str:
        cls = self._class_name(call.func)
        keywords = {a.keyword.value for a in call.args if a.keyword is not None}
        base_url = _keyword(call, "base_url")
        v1 = base_url is not None and _mentions_v1(base_url)
        if cls in AZURE_CLASSES or keywords & AZURE_KEYWORDS:
            return AZURE_V1 if v1 else AZURE
        if cls in OPENAI_CLASSES:
            return AZURE_V1 if v1 else OPENAI
        return UNKNOWN

    def _class_name(self, func: cst.BaseExpression) -> str:
        if isinstance(func, cst.Attribute):
            return func.attr.value
        if isinstance(func, cst.Name):
            return self._imports_map().get(func.value, func.value)
        return ""

    # -- the module as a whole -----------------------------------------------------------------------
    def _module_kind(self) -> Tuple[Optional[str], List[Made]]:
        """What a receiver the facts cannot follow is taken to be, from the clients the module makes
        (or, making none, imports)."""
        if self._module is None:
            made = [Made(kind, call) for call, _ in self.facts.w.calls
                    for kind in [self._classify_call(call)] if kind != UNKNOWN]
            kinds = {m.kind for m in made}
            settings = self._settings()
            configured = _azure_setting(settings)
            if configured:
                made.append(self._module_client())
                kinds.add(AZURE)
            if OPENAI in kinds:
                answer: Optional[str] = None
            elif AZURE in kinds:
                answer = AZURE
            elif AZURE_V1 in kinds:
                answer = AZURE_V1
            else:
                imported = set(self._imports_map().values())
                answer = AZURE if imported & AZURE_CLASSES and not imported & OPENAI_CLASSES else None
            self._module = (answer, made)
        return self._module

    def _module_client(self) -> Made:
        """The `openai` module's client: Azure when the module configures it so (`openai.api_type =
        "azure"`, `openai.azure_endpoint = ...`); made where its api_version is set, if it is."""
        settings = self._settings()
        if not _azure_setting(settings):
            return Made(OPENAI)
        version = settings.get("api_version")
        return Made(AZURE, version[0] if version is not None else None)

    def _settings(self) -> Dict[str, Tuple[cst.CSTNode, cst.BaseExpression]]:
        """`openai.<setting> = value` assignments: setting -> (the Assign, its value); the last one wins."""
        if self._openai_settings is None:
            found: Dict[str, Tuple[cst.CSTNode, cst.BaseExpression]] = {}
            for node in self.facts.w.stores:
                if not isinstance(node.value, cst.Name):
                    continue
                target = self.facts.parent(node)
                assign = self.facts.parent(target) if isinstance(target, cst.AssignTarget) else None
                if not isinstance(assign, cst.Assign):
                    continue
                if any(self._imported(b) == "openai" for b in self.facts.bindings(node.value)):
                    found[node.attr.value] = (assign, assign.value)
            self._openai_settings = found
        return self._openai_settings

    def _imports_map(self) -> Dict[str, str]:
        """Names bound by imports from `openai` -> the class they name (`AOAI` -> `AzureOpenAI`)."""
        if self._imports is None:
            found: Dict[str, str] = {}
            for binding in self.facts.w.bindings_at.values():
                if binding.how != "import" or not isinstance(binding.node, cst.ImportAlias):
                    continue
                module = self.facts.imported_from(binding) or ""
                if module.split(".")[0] != "openai":
                    continue
                original = dotted(binding.node.name).split(".")[-1]
                if original in AZURE_CLASSES | OPENAI_CLASSES:
                    found[binding.name] = original
            self._imports = found
        return self._imports

    def _imported(self, binding: Binding) -> Optional[str]:
        """"openai" for `import openai` (or `import openai as oa`)."""
        if binding.how != "import" or not isinstance(binding.node, cst.ImportAlias):
            return None
        statement = binding.statement
        small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) and statement.body else None
        if isinstance(small, cst.Import) and dotted(binding.node.name) == "openai":
            return "openai"
        return None

    def _literal(self, node: cst.BaseExpression) -> Optional[str]:
        """A string literal, or a module-level name assigned once to one."""
        if isinstance(node, cst.Name):
            bindings = self.facts.bindings(node)
            if len(bindings) == 1 and bindings[0].how in ("assign", "annassign") and bindings[0].value is not None \
                    and not bindings[0].path and bindings[0].scope is self.facts.w.module_scope:
                node = bindings[0].value
        if isinstance(node, cst.SimpleString):
            value = node.evaluated_value
            return value if isinstance(value, str) else None
        return None


def too_old(version: str) -> bool:
    """Whether an Azure OpenAI api-version predates the Responses API. Dated versions compare by
    date (the first preview with /responses came before any GA version that has it); anything else ("preview", "latest", "v1", a
    version this rule does not know the shape of) is not called old."""
    date, _ = _parse(version)
    first_date, _ = _parse(FIRST_RESPONSES_VERSION)
    if date is None or first_date is None:
        return False
    return date < first_date


def _parse(version: str) -> Tuple[Optional[Tuple[int, int, int]], bool]:
    text = version.strip().lower()
    preview = text.endswith("-preview")
    if preview:
        text = text[: -len("-preview")]
    parts = text.split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
        return None, preview
    return (int(parts[0]), int(parts[1]), int(parts[2])), preview


def _azure_setting(settings: Dict[str, Tuple[cst.CSTNode, cst.BaseExpression]]) -> bool:
    api_type = settings.get("api_type")
    if api_type is not None and isinstance(api_type[1], cst.SimpleString):
        value = api_type[1].evaluated_value
        if isinstance(value, str) and value.lower() in ("azure", "azure_ad", "azuread"):
            return True
    return "azure_endpoint" in settings or "azure_deployment" in settings


def _keyword(call: cst.Call, name: str) -> Optional[cst.BaseExpression]:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg.value
    return None


def _mentions_v1(node: cst.BaseExpression) -> bool:
    """Whether the literal text of a base_url expression names Azure's v1 path (`/openai/v1`)."""
    return "/openai/v1" in "".join(_literal_text(node))


def _literal_text(node: cst.CSTNode) -> List[str]:
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return [value] if isinstance(value, str) else []
    if isinstance(node, cst.FormattedStringText):
        return [node.value]
    out: List[str] = []
    for child in node.children:
        out += _literal_text(child)
    return out


def _names_in(annotation: cst.BaseExpression) -> Set[str]:
    """The names an annotation mentions (`Optional[AzureOpenAI]`, `"AzureOpenAI"`, `openai.AzureOpenAI | None`)."""
    found: Set[str] = set()
    stack: List[cst.CSTNode] = [annotation]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Name):
            found.add(node.value)
        elif isinstance(node, cst.Attribute):
            found.add(node.attr.value)
            stack.append(node.value)
        elif isinstance(node, cst.SimpleString):
            value = node.evaluated_value
            if isinstance(value, str):
                found.update(part for part in value.replace("[", " ").replace("]", " ").replace("|", " ")
                             .replace(",", " ").replace(".", " ").split())
        else:
            stack.extend(node.children)
    return found
