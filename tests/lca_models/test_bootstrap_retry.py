"""An interrupted bootstrap can be retried: what a killed run left half-written is written again.

A killed `lca bootstrap` or `lca library load` leaves a Brightway database or method that is
registered but incomplete. The retry must not take it as done (the next solve would die on a
missing row); it checks each for its completion mark and writes again what lacks it.
"""

from __future__ import annotations

from lca_models import bootstrap
from lca_models.library.catalogue import read_library
from lca_models.methods import load_methods
from lca_models.project import WRITTEN, use_directory
from tests.conftest import TINY_LIBRARY_DIR


def test_a_half_written_library_and_method_are_written_again(brightway_dir, tiny_project):
    library = read_library(TINY_LIBRARY_DIR, "tiny")
    bd = use_directory(brightway_dir)
    name = tiny_project.library_version
    complete = len(bd.Database(name))
    assert complete == len(library.datasets) > 1
    # A run killed while writing the library: registered, half its activities, no mark.
    rows = {(name, node["code"]): node.as_dict() for node in bd.Database(name)}
    half = dict(list(rows.items())[: complete // 2])
    for row in half.values():
        row["exchanges"] = []  # a partial write: no links to rows that may be missing
    bd.Database(name).write(half)
    del bd.databases[name]["datasets"]
    bd.databases.flush()
    # ... and while writing a method: registered, no factors yet.
    method = load_methods().method_name("gwp_total")
    bd.Method(method).write([])
    del bd.methods[method][WRITTEN]
    bd.methods.flush()

    info = bootstrap(brightway_dir, library)
    assert len(bd.Database(name)) == complete == info.datasets
    assert bd.databases[name]["datasets"] == complete
    assert len(bd.Method(method).load()) == bd.methods[method][WRITTEN] > 0
