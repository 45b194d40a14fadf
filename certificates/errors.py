"""Errors of the signed-label machinery; each leaf names the condition."""


class CertificateError(Exception):
    """Base class of every error certificates raises."""


class MalformedCredential(CertificateError):
    """The input is not a compact JWS carrying a JSON credential."""


class SignatureInvalid(CertificateError):
    """The signature does not verify with the key named."""


class KeyUnavailable(CertificateError):
    """A key cannot be found, decrypted or used."""


class InvalidLabelId(CertificateError):
    """A label ID is malformed or its check character is wrong."""


class StatusListError(CertificateError):
    """A status list is malformed or an index is out of range."""
