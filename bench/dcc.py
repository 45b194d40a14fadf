"""Time what a label's UNTP DCC adds to issuance: building and signing it, vs the label's own.

Both are signed with the same Ed25519 key in the same run; the baseline is signing the label
credential (what issuance did before). The DCC's log append costs what the label's does.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from certificates.accreditation import parse_accreditation  # noqa: E402
from certificates.credential import credential_digest, sign_credential  # noqa: E402
from certificates.dcc import DccFacts, Party, Scheme, dcc_credential  # noqa: E402
from certificates.keys import LocalSigner, generate_private_key  # noqa: E402
from certificates.render.specimen import SPECIMEN_URL, specimen_credential  # noqa: E402
from certificates.status_list import status_entry  # noqa: E402


def median_us(work: Callable[[], object], runs: int) -> float:
    """Run work once to warm caches, then runs times; return the median in microseconds."""
    work()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1e6)
    return statistics.median(times)


def facts(label_token: str) -> DccFacts:
    """Return the facts of the specimen label's DCC."""
    label = specimen_credential()
    subject = label["credentialSubject"]
    return DccFacts(
        credential_url=f"{SPECIMEN_URL}/dcc",
        attestation_url=SPECIMEN_URL,
        label_id=subject["labelId"],
        issuer=Party(label["issuer"]["id"], label["issuer"]["name"]),
        accreditation=parse_accreditation("CNAS C123-P"),
        valid_from=label["validFrom"],
        valid_until=label["validUntil"],
        status=[
            status_entry("https://gba.example/api/v1/status-lists/r1", "revocation", 7),
            status_entry("https://gba.example/api/v1/status-lists/s1", "suspension", 9),
        ],
        manufacturer=Party("urn:gba-footprint:organisation:o1", "Maker", "o1"),
        product=Party("https://gba.example/01/06901234567892", "Product"),
        gtin="06901234567892",
        scheme=Scheme("https://gba.example/s/1", "Scheme", "d", "1", "2026-11-25", Party("a", "b")),
        assessment_date=label["validFrom"][:10],
        declared_unit="1 piece",
        boundary="cradle-to-gate",
        method="IPCC AR6 GWP100",
        metrics=[("total", subject["pcfExcludingBiogenicUptake"]), ("fossil", "1.5")],
        certificate_url=f"{SPECIMEN_URL}/certificate.pdf",
        label_credential_url=f"{SPECIMEN_URL}/credential",
        label_credential_sha256=credential_digest(label_token),
    )


def main() -> None:
    """Print the DCC's build-and-sign time as a multiple of signing the label credential."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", "--runs", type=int, default=2000, help="timed runs of each")
    runs = parser.parse_args().runs
    signer = LocalSigner("did:web:gba.example:bodies:sz#key-2026", generate_private_key())
    label = specimen_credential()
    token = sign_credential(label, signer)
    dcc_facts = facts(token)
    baseline = median_us(lambda: sign_credential(label, signer), runs)
    dcc = median_us(lambda: sign_credential(dcc_credential(dcc_facts), signer), runs)
    print(
        f"dcc: {dcc / baseline:.2f}x the label credential's signing time to build and sign the "
        f"DCC ({dcc:.0f} us vs {baseline:.0f} us); issuance signs both"
    )


if __name__ == "__main__":
    main()
