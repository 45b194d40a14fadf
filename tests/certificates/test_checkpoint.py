"""C2SP signed-note and tlog-checkpoint: a published vector, round trips, tampering, cosigners."""

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from certificates.log import (
    AmbiguousVerifier,
    Checkpoint,
    InvalidKey,
    MalformedCheckpoint,
    MalformedNote,
    NoteSignatureInvalid,
    NoteSigner,
    NoteUnverified,
    NoteVerifier,
    cosign_note,
    key_id,
    open_checkpoint,
    parse_checkpoint,
    parse_note,
    sign_checkpoint,
    sign_note,
    verify_note,
)

# The example of golang.org/x/mod/sumdb/note (note.go's package documentation and note_test.go):
# Ed25519 signing is deterministic (RFC 8032), so our note must match it byte for byte.
GO_SIGNER_KEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
GO_VERIFIER_KEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
GO_TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
GO_NOTE = (
    GO_TEXT + "\n\u2014 PeterNeumann "
    "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
)

# The example checkpoint body of c2sp.org/tlog-checkpoint.
C2SP_BODY = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"

ORIGIN = "example.org/gba-labels/log"
ROOT = bytes(range(32))


def signer(name: str = ORIGIN) -> NoteSigner:
    return NoteSigner.from_private_key(name, Ed25519PrivateKey.generate())


# --- The Go reference vector ----------------------------------------------------------------


def test_go_signer_reproduces_the_published_note():
    go_signer = NoteSigner.from_key_string(GO_SIGNER_KEY)
    assert go_signer.key_id.hex() == "c74f20a3"
    assert go_signer.verifier.to_key_string() == GO_VERIFIER_KEY
    assert sign_note(GO_TEXT, [go_signer]) == GO_NOTE


def test_go_note_verifies_with_the_published_verifier_key():
    verifier = NoteVerifier.from_key_string(GO_VERIFIER_KEY)
    opened = verify_note(GO_NOTE, [verifier])
    assert opened.text == GO_TEXT
    assert opened.verified_by == ("PeterNeumann",)
    with pytest.raises(NoteSignatureInvalid):
        verify_note(GO_NOTE.replace("cryptography", "cryptographY"), [verifier])


def test_key_id_is_the_c2sp_hash():
    public_key = NoteVerifier.from_key_string(GO_VERIFIER_KEY).public_key
    assert key_id("PeterNeumann", public_key) == bytes.fromhex("c74f20a3")


# --- Verifier key strings ----------------------------------------------------------------------


def test_verifier_key_string_round_trip():
    verifier = signer("example.com/witness-1").verifier
    text = verifier.to_key_string()
    name, hex_id, b64 = text.split("+", 2)
    assert name == "example.com/witness-1"
    assert hex_id == verifier.key_id.hex()
    assert base64.b64decode(b64) == b"\x01" + verifier.public_key
    assert NoteVerifier.from_key_string(text) == verifier


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "PeterNeumann",
        "PeterNeumann+c74f20a3",
        "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "PeterNeumann+c74f20+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "PeterNeuman+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "PeterNeumann+c74f20a3+Alpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10",
        "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW!",
        "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
    ],
)
def test_malformed_verifier_key_strings_are_rejected(bad):
    with pytest.raises(InvalidKey):
        NoteVerifier.from_key_string(bad)


def test_signer_key_string_round_trips_through_its_verifier():
    go_signer = NoteSigner.from_key_string(GO_SIGNER_KEY)
    assert NoteVerifier.from_key_string(GO_VERIFIER_KEY) == go_signer.verifier
    with pytest.raises(InvalidKey):
        NoteSigner.from_key_string(GO_SIGNER_KEY.removeprefix("PRIVATE+KEY+"))
    with pytest.raises(InvalidKey):
        NoteSigner.from_key_string(GO_SIGNER_KEY.replace("c74f20a3", "c74f20a4"))


def test_key_names_with_spaces_or_plus_are_rejected():
    for name in ("", "a b", "a+b", "a\u00a0b"):
        with pytest.raises(InvalidKey):
            signer(name)


# --- Checkpoint bodies ----------------------------------------------------------------------


def test_c2sp_example_body_parses_and_prints_back():
    checkpoint = Checkpoint.from_text(C2SP_BODY)
    assert checkpoint.origin == "example.com/behind-the-sofa"
    assert checkpoint.tree_size == 20852163
    assert len(checkpoint.root_hash) == 32
    assert checkpoint.extensions == ()
    assert checkpoint.to_text() == C2SP_BODY


def test_checkpoint_body_with_extension_lines_round_trips():
    checkpoint = Checkpoint(ORIGIN, 0, ROOT, ("ext one", "ext two"))
    text = checkpoint.to_text()
    assert text.splitlines()[1] == "0"
    assert text.endswith("ext two\n")
    assert Checkpoint.from_text(text) == checkpoint


@pytest.mark.parametrize(
    "bad",
    [
        "example.com/log\n12\n" + base64.b64encode(ROOT).decode(),
        "example.com/log\n12\n",
        "\n12\n" + base64.b64encode(ROOT).decode() + "\n",
        "example.com/log\n012\n" + base64.b64encode(ROOT).decode() + "\n",
        "example.com/log\n-1\n" + base64.b64encode(ROOT).decode() + "\n",
        "example.com/log\n1 2\n" + base64.b64encode(ROOT).decode() + "\n",
        "example.com/log\n12\n" + base64.b64encode(ROOT[:31]).decode() + "\n",
        "example.com/log\n12\n" + base64.b64encode(ROOT).decode().rstrip("=") + "\n",
        "example.com/log\n12\n" + base64.b64encode(ROOT).decode() + "\n\n",
        "example.com/log\n12\n" + base64.b64encode(ROOT).decode() + "\next\n\n",
    ],
)
def test_malformed_checkpoint_bodies_are_rejected(bad):
    with pytest.raises(MalformedCheckpoint):
        Checkpoint.from_text(bad)


# --- Signing and verifying checkpoints --------------------------------------------------------


def test_signed_checkpoint_round_trip():
    log_key = signer()
    checkpoint = Checkpoint(ORIGIN, 42, ROOT)
    note = sign_checkpoint(checkpoint, log_key)
    body, signature_line = note.split("\n\n")
    assert body + "\n" == checkpoint.to_text()
    assert signature_line.startswith(f"\u2014 {ORIGIN} ")
    raw = base64.b64decode(signature_line.split(" ")[2])
    assert raw[:4] == log_key.key_id
    assert len(raw) == 4 + 64
    assert open_checkpoint(note, [log_key.verifier], origin=ORIGIN) == checkpoint
    assert parse_checkpoint(note) == checkpoint


def test_a_tampered_body_is_rejected():
    log_key = signer()
    note = sign_checkpoint(Checkpoint(ORIGIN, 42, ROOT), log_key)
    with pytest.raises(NoteSignatureInvalid):
        open_checkpoint(note.replace("\n42\n", "\n43\n"), [log_key.verifier])


def test_a_tampered_signature_is_rejected():
    log_key = signer()
    checkpoint = Checkpoint(ORIGIN, 42, ROOT)
    other = sign_checkpoint(Checkpoint(ORIGIN, 43, ROOT), log_key)
    forged = checkpoint.to_text() + "\n" + other.split("\n\n")[1]
    with pytest.raises(NoteSignatureInvalid):
        open_checkpoint(forged, [log_key.verifier])


def test_a_wrong_key_is_not_trusted():
    note = sign_checkpoint(Checkpoint(ORIGIN, 42, ROOT), signer())
    impostor = signer()
    with pytest.raises(NoteUnverified):
        open_checkpoint(note, [impostor.verifier])
    with pytest.raises(NoteUnverified):
        open_checkpoint(note, [])


def test_a_signature_under_the_right_name_and_id_from_another_key_fails():
    log_key, impostor = signer(), signer()
    checkpoint = Checkpoint(ORIGIN, 42, ROOT)
    forged_signature = impostor.sign(checkpoint.to_text()).signature
    raw = base64.b64encode(log_key.key_id + forged_signature).decode()
    forged = checkpoint.to_text() + f"\n\u2014 {ORIGIN} {raw}\n"
    with pytest.raises(NoteSignatureInvalid):
        open_checkpoint(forged, [log_key.verifier])


def test_unknown_cosigners_are_ignored_and_known_ones_counted():
    log_key, witness, stranger = signer(), signer("example.com/witness"), signer("x.example/y")
    note = sign_checkpoint(Checkpoint(ORIGIN, 7, ROOT), log_key)
    note = cosign_note(cosign_note(note, witness), stranger)
    assert len(parse_note(note).signatures) == 3
    assert open_checkpoint(note, [log_key.verifier]).tree_size == 7
    opened = verify_note(note, [log_key.verifier, witness.verifier])
    assert opened.verified_by == (ORIGIN, "example.com/witness")
    assert verify_note(note, [witness.verifier]).verified_by == ("example.com/witness",)
    # A known key's bad signature rejects the note even when another known key signed it.
    bad_witness = cosign_note(note.replace("\n7\n", "\n8\n"), log_key)
    with pytest.raises(NoteSignatureInvalid):
        verify_note(bad_witness, [log_key.verifier, witness.verifier])


def test_cosigning_again_replaces_the_earlier_signature():
    log_key, witness = signer(), signer("example.com/witness")
    note = sign_checkpoint(Checkpoint(ORIGIN, 7, ROOT), log_key)
    twice = cosign_note(cosign_note(note, witness), witness)
    assert [s.name for s in parse_note(twice).signatures] == [ORIGIN, "example.com/witness"]


def test_the_origin_can_be_required():
    log_key = signer()
    note = sign_checkpoint(Checkpoint("example.org/other-log", 1, ROOT), log_key)
    with pytest.raises(MalformedCheckpoint):
        open_checkpoint(note, [log_key.verifier], origin=ORIGIN)


class CollidingVerifier(NoteVerifier):
    """Another key whose ID collides with the Go key's, as the short ID lets anyone forge."""

    @property
    def key_id(self) -> bytes:
        return bytes.fromhex("c74f20a3")


def test_two_verifiers_with_the_same_name_and_id_are_ambiguous():
    verifier = NoteVerifier.from_key_string(GO_VERIFIER_KEY)
    colliding = CollidingVerifier(verifier.name, signer().public_key)
    with pytest.raises(AmbiguousVerifier):
        verify_note(GO_NOTE, [verifier, colliding])
    assert verify_note(GO_NOTE, [verifier, verifier]).verified_by == ("PeterNeumann",)


# --- Note format ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        GO_TEXT,
        GO_NOTE.rstrip("\n"),
        GO_NOTE.replace("\u2014", "-"),
        GO_NOTE.replace("PeterNeumann x08", "Peter+Neumann x08"),
        GO_NOTE.replace("x08go", "x08g@"),
        GO_NOTE.replace("x08go/ZJkuBS9UG", "x08go/ZJku\tBS9UG"),
        GO_TEXT + "\n\u2014 PeterNeumann AAAA\n",
        GO_TEXT + "\n\u2014 PeterNeumann \n",
        GO_NOTE + "trailing text\n",
        GO_NOTE.encode("utf-8").replace(b"If", b"\xffIf"),
    ],
)
def test_malformed_notes_are_rejected(bad):
    with pytest.raises(MalformedNote):
        parse_note(bad)


def test_the_last_blank_line_separates_text_and_signatures():
    text = "first paragraph\n\nsecond paragraph\n"
    note = sign_note(text, [NoteSigner.from_key_string(GO_SIGNER_KEY)])
    assert parse_note(note).text == text
    assert parse_note(note.encode("utf-8")).text == text


def test_notes_may_carry_many_signatures_but_not_unboundedly_many():
    log_key = signer()
    note = sign_checkpoint(Checkpoint(ORIGIN, 1, ROOT), log_key)
    for i in range(15):
        note = cosign_note(note, signer(f"witness-{i}"))
    assert len(verify_note(note, [log_key.verifier]).signatures) == 16
    line = note.split("\n\n")[1].splitlines()[0] + "\n"
    with pytest.raises(MalformedNote):
        parse_note(note + line * 100)


def test_sign_note_needs_a_final_newline_and_a_signer():
    with pytest.raises(MalformedNote):
        sign_note("no newline", [signer()])
    with pytest.raises(MalformedNote):
        sign_note("text\n", [])
    with pytest.raises(MalformedNote):
        sign_note("bell \x07\n", [signer()])
