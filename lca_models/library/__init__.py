"""The open reference library: versioned data files of sourced datasets."""

from lca_models.library.catalogue import Dataset, Exchange, Library, load_library

__all__ = ["Dataset", "Exchange", "Library", "load_library"]
