"""`client.beta.vector_stores` moved out of beta: the same calls, one attribute shorter.

    vs = client.beta.vector_stores.create(name="docs")
    client.beta.vector_stores.file_batches.upload_and_poll(vector_store_id=vs.id, files=streams)
    ->  vs = client.vector_stores.create(name="docs"); client.vector_stores.file_batches.upload_and_poll(...)
"""

from __future__ import annotations

import libcst as cst
from libcst.metadata import ScopeProvider

from transforms import api
from transforms.base import MigrationTransform
from transforms.collect import collect
from transforms.edits import Edits


class VectorStores(MigrationTransform):
    """client.beta.vector_stores.<anything>  ->  client.vector_stores.<anything>.

    vs = client.beta.vector_stores.create(name="docs")
    ->  vs = client.vector_stores.create(name="docs")
    """

    NAME = "vector-stores"
    METADATA_DEPENDENCIES = (ScopeProvider,)

    def plan(self, module: cst.Module) -> Edits:
        edits = Edits()
        collected = collect(module)
        self._parents = collected.parents
        for site in collected.sites:
            if site.api.path[0] != "vector_stores":
                continue
            if api.is_look_alike(site.api, self.get_metadata(ScopeProvider, site.stmt, None), collected.classes, collected.values):
                continue
            beta = _beta_attribute(site.api.call.func)
            if beta is not None:
                edits.expressions[beta] = lambda updated: updated.value
        return edits


def _beta_attribute(func: cst.BaseExpression):
    """The `<receiver>.beta` node inside the call's attribute chain."""
    node = func
    while isinstance(node, cst.Attribute):
        if node.attr.value == "beta":
            return node
        node = node.value
    return None
