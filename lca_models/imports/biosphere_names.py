"""biosphere3's flows by code: ecoSpold 2 elementary exchange ids are biosphere3's codes."""

from __future__ import annotations

from lca_models.substances import BIOSPHERE


def biosphere3_flows() -> dict[str, tuple[str, tuple[str, ...], str]]:
    """Return code -> (name, categories, unit) of every biosphere3 flow in the project."""
    import bw2data

    if BIOSPHERE not in bw2data.databases:
        return {}
    return {
        flow["code"]: (flow["name"], tuple(flow["categories"]), flow["unit"])
        for flow in bw2data.Database(BIOSPHERE)
    }
