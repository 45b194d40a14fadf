"""Errors of the transparency log; each leaf names the condition."""


class LogError(Exception):
    """Base class of every error the transparency log raises."""


class SizeOutOfRange(LogError):
    """A tree size is negative, larger than the log, or smaller than another it must not be."""


class IndexOutOfRange(LogError):
    """A leaf index is not below the tree size it is proved against."""


class NodeMissing(LogError):
    """The node store lacks the hash of a complete subtree the log needs."""


class MalformedHash(LogError):
    """A hash is not the 32 bytes of a SHA-256 digest."""


class MalformedNote(LogError):
    """A text is not a well-formed C2SP signed note."""


class MalformedCheckpoint(LogError):
    """A note text is not a well-formed C2SP tlog-checkpoint body."""


class InvalidKey(LogError):
    """A key name, verifier key string or signer key string is malformed or inconsistent."""


class AmbiguousVerifier(LogError):
    """Two known verifiers share both a key name and a key ID."""


class NoteSignatureInvalid(LogError):
    """A signature from a known key does not verify over the note text."""


class NoteUnverified(LogError):
    """No signature on the note comes from a known key."""


class MalformedReceipt(LogError):
    """An inclusion receipt's JSON is missing fields or has values of the wrong shape."""
