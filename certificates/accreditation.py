"""Who accredits a certification body: the accreditation bodies a registration names."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AccreditationBody:
    """A national accreditation body (an ILAC/IAF signatory) that accredits certification bodies."""

    code: str
    name: str
    url: str


# The accreditation bodies of the Greater Bay Area's bodies, by the prefix their registration
# numbers carry (CNAS C123-P, HKAS 123, IPAC 9). Macao has no accreditation body of its own;
# its bodies are accredited by Portugal's IPAC. Sources: each body's own site (the URLs here)
# and the ILAC MRA signatory list, https://ilac.org/signatory-search/.
ACCREDITATION_BODIES = {
    body.code: body
    for body in (
        AccreditationBody(
            "CNAS",
            "China National Accreditation Service for Conformity Assessment",
            "https://www.cnas.org.cn/",
        ),
        AccreditationBody(
            "HKAS", "Hong Kong Accreditation Service", "https://www.itc.gov.hk/en/quality/hkas/"
        ),
        AccreditationBody("IPAC", "Instituto Português de Acreditação", "https://www.ipac.pt/"),
    )
}


@dataclass(frozen=True)
class Accreditation:
    """A body's accreditation: who granted it and the registration number."""

    text: str  # as registered, e.g. "CNAS C123-P"
    registration: str  # the number within the accreditation body's register, e.g. "C123-P"
    body: AccreditationBody | None  # None when the prefix names no body we know

    @property
    def uri(self) -> str:
        """Return a URI naming this accreditation (under its body's site when it is known)."""
        number = "".join(c if c.isalnum() or c in "-._~" else "-" for c in self.registration)
        if self.body is None:
            return f"urn:gba-footprint:accreditation:{number or 'unknown'}"
        return f"{self.body.url}#accreditation-{number}"


def parse_accreditation(text: str) -> Accreditation:
    """Split a registered accreditation ("CNAS C123-P") into its body and registration number."""
    code, _, rest = text.strip().partition(" ")
    body = ACCREDITATION_BODIES.get(code.upper())
    if body is None:
        return Accreditation(text.strip(), text.strip(), None)
    return Accreditation(text.strip(), rest.strip() or text.strip(), body)
