"""Errors raised by the LCA engine; each leaf names the condition."""


class LcaError(Exception):
    """Base class of every error the LCA engine raises."""

    def __init__(self, message: str, pointer: str = "") -> None:
        super().__init__(message)
        self.message = message
        # JSON pointer into the BOM document that caused the error, when there is one.
        self.pointer = pointer


class UnknownActivity(LcaError):
    """A BOM line names an activity code that the library does not hold."""


class UnknownSubstance(LcaError):
    """A direct emission names a substance outside the vocabulary."""


class UnitMismatch(LcaError):
    """A quantity's unit cannot be converted to the unit expected."""


class ComponentCycle(LcaError):
    """A sub-assembly refers, directly or not, back to itself."""


class ComponentTooDeep(LcaError):
    """Sub-assemblies are nested deeper than the allowed depth."""


class UnknownComponent(LcaError):
    """A component line names a BOM or label that cannot be resolved."""


class LibraryDataError(LcaError):
    """The versioned library data files are inconsistent."""


class ProjectNotBootstrapped(LcaError):
    """The Brightway project or a score table has not been built yet."""


class ImportFailed(LcaError):
    """A database to import is unreadable, not the declared format, or not solvable."""


class SingularTechnosphere(LcaError):
    """A library's technosphere matrix cannot be solved (singular or not square)."""
