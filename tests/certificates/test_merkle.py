"""RFC 9162 Merkle log: a literal reference, published vectors, pymerkle, tampering, store reads."""

import hashlib
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pymerkle import InmemoryTree

from certificates.log import (
    EMPTY_ROOT,
    IndexOutOfRange,
    MalformedHash,
    MemoryNodeStore,
    MerkleLog,
    NodeMissing,
    SizeOutOfRange,
    hash_leaf,
    verify_consistency,
    verify_inclusion,
)

MAX_SIZE = 64
ENTRIES = [f"entry {i}".encode() for i in range(MAX_SIZE)]


# --- The definitions of RFC 9162 section 2.1, applied literally to lists of entries ---------------


def sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def largest_power_below(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(d: list[bytes]) -> bytes:
    """MTH(D[n]) of section 2.1.1."""
    n = len(d)
    if n == 0:
        return sha256(b"")
    if n == 1:
        return sha256(b"\x00" + d[0])
    k = largest_power_below(n)
    return sha256(b"\x01" + mth(d[:k]) + mth(d[k:]))


def path(m: int, d: list[bytes]) -> list[bytes]:
    """PATH(m, D[n]) of section 2.1.3.1."""
    n = len(d)
    if n == 1:
        return []
    k = largest_power_below(n)
    if m < k:
        return [*path(m, d[:k]), mth(d[k:])]
    return [*path(m - k, d[k:]), mth(d[:k])]


def subproof(m: int, d: list[bytes], b: bool) -> list[bytes]:
    """SUBPROOF(m, D[n], b) of section 2.1.4.1."""
    n = len(d)
    if m == n:
        return [] if b else [mth(d)]
    k = largest_power_below(n)
    if m <= k:
        return [*subproof(m, d[:k], b), mth(d[k:])]
    return [*subproof(m - k, d[k:], False), mth(d[:k])]


def proof(m: int, d: list[bytes]) -> list[bytes]:
    """PROOF(m, D[n]) of section 2.1.4.1."""
    return subproof(m, d, True)


@pytest.fixture(scope="module")
def log() -> MerkleLog:
    merkle_log = MerkleLog(MemoryNodeStore())
    for entry in ENTRIES:
        merkle_log.append(entry)
    return merkle_log


def flipped(data: bytes, position: int) -> bytes:
    return data[:position] + bytes([data[position] ^ 0x01]) + data[position + 1 :]


# --- Structure against the reference, every size 0..64 ----------------------------------------


def test_hashing_is_rfc_9162():
    assert hash_leaf(b"abc") == sha256(b"\x00abc")
    assert sha256(b"") == EMPTY_ROOT


def test_roots_for_every_size(log):
    for size in range(MAX_SIZE + 1):
        assert log.root(size) == mth(ENTRIES[:size]), size
    assert log.root() == mth(ENTRIES)


def test_appending_returns_indexes_and_grows_roots():
    merkle_log = MerkleLog(MemoryNodeStore())
    assert merkle_log.root() == EMPTY_ROOT
    for i, entry in enumerate(ENTRIES[:20]):
        assert merkle_log.append(entry) == i
        assert merkle_log.size == i + 1
        assert merkle_log.root() == mth(ENTRIES[: i + 1])
        assert merkle_log.leaf_hash(i) == hash_leaf(entry)


def test_store_holds_every_complete_subtree(log):
    store = MemoryNodeStore()
    merkle_log = MerkleLog(store)
    for size, entry in enumerate(ENTRIES, start=1):
        merkle_log.append(entry)
        assert len(store) == 2 * size - bin(size).count("1")
    for level in range(7):
        width = 1 << level
        for index in range(MAX_SIZE // width):
            assert store.get(level, index) == mth(ENTRIES[index * width : (index + 1) * width])


def test_inclusion_proofs_for_every_index_and_size(log):
    for size in range(1, MAX_SIZE + 1):
        root = mth(ENTRIES[:size])
        for index in range(size):
            audit_path = log.inclusion_proof(index, size)
            assert audit_path == path(index, ENTRIES[:size]), (index, size)
            assert verify_inclusion(hash_leaf(ENTRIES[index]), index, size, audit_path, root)


def test_consistency_proofs_for_every_pair(log):
    for size2 in range(MAX_SIZE + 1):
        root2 = mth(ENTRIES[:size2])
        for size1 in range(size2 + 1):
            root1 = mth(ENTRIES[:size1])
            consistency = log.consistency_proof(size1, size2)
            expected = proof(size1, ENTRIES[:size2]) if 0 < size1 < size2 else []
            assert consistency == expected, (size1, size2)
            assert verify_consistency(size1, size2, root1, root2, consistency), (size1, size2)


LARGE_ENTRIES = [f"large {i}".encode() for i in range(300)]
LARGE_LOG = MerkleLog(MemoryNodeStore())
for _entry in LARGE_ENTRIES:
    LARGE_LOG.append(_entry)


@given(st.data())
def test_proofs_on_larger_trees_match_the_reference(data):
    size2 = data.draw(st.integers(1, len(LARGE_ENTRIES)))
    size1 = data.draw(st.integers(1, size2))
    index = data.draw(st.integers(0, size2 - 1))
    d = LARGE_ENTRIES[:size2]
    audit_path = LARGE_LOG.inclusion_proof(index, size2)
    assert audit_path == path(index, d)
    assert verify_inclusion(hash_leaf(d[index]), index, size2, audit_path, mth(d))
    consistency = LARGE_LOG.consistency_proof(size1, size2)
    assert consistency == (proof(size1, d) if size1 < size2 else [])
    assert verify_consistency(size1, size2, mth(d[:size1]), mth(d), consistency)


# --- Tampering: any altered byte, index or size fails -----------------------------------------


def test_inclusion_fails_when_anything_is_altered(log):
    for size in range(1, MAX_SIZE + 1):
        root = mth(ENTRIES[:size])
        for index in range(size):
            leaf = hash_leaf(ENTRIES[index])
            audit_path = log.inclusion_proof(index, size)
            for i, node in enumerate(audit_path):
                bad = [*audit_path[:i], flipped(node, (index + i) % 32), *audit_path[i + 1 :]]
                assert not verify_inclusion(leaf, index, size, bad, root)
            assert not verify_inclusion(flipped(leaf, index % 32), index, size, audit_path, root)
            assert not verify_inclusion(leaf, index, size, audit_path, flipped(root, size % 32))
            for other in (index - 1, index + 1, index ^ 2, size):
                if other != index:
                    assert not verify_inclusion(leaf, other, size, audit_path, root)
            assert not verify_inclusion(leaf, index, size, [*audit_path, root], root)
            assert not verify_inclusion(leaf, index, size, [root, *audit_path], root)
            if audit_path:
                assert not verify_inclusion(leaf, index, size, audit_path[:-1], root)
            for other_size in (size * 2, size // 2):
                if other_size > index and mth(ENTRIES[:other_size]) != root:
                    assert not verify_inclusion(leaf, index, other_size, audit_path, root)


@pytest.mark.parametrize(("index", "size"), [(0, 1), (5, 13), (12, 13), (37, 64), (63, 64)])
def test_inclusion_fails_for_every_single_byte_altered(log, index, size):
    root = mth(ENTRIES[:size])
    leaf = hash_leaf(ENTRIES[index])
    audit_path = log.inclusion_proof(index, size)
    for position in range(32):
        assert not verify_inclusion(flipped(leaf, position), index, size, audit_path, root)
        assert not verify_inclusion(leaf, index, size, audit_path, flipped(root, position))
        for i, node in enumerate(audit_path):
            bad = [*audit_path[:i], flipped(node, position), *audit_path[i + 1 :]]
            assert not verify_inclusion(leaf, index, size, bad, root)


def test_consistency_fails_when_anything_is_altered(log):
    for size2 in range(2, MAX_SIZE + 1):
        root2 = mth(ENTRIES[:size2])
        for size1 in range(1, size2):
            root1 = mth(ENTRIES[:size1])
            consistency = log.consistency_proof(size1, size2)
            for i, node in enumerate(consistency):
                bad = [*consistency[:i], flipped(node, (size1 + i) % 32), *consistency[i + 1 :]]
                assert not verify_consistency(size1, size2, root1, root2, bad)
            assert not verify_consistency(size1, size2, flipped(root1, 3), root2, consistency)
            assert not verify_consistency(size1, size2, root1, flipped(root2, 7), consistency)
            assert not verify_consistency(size1, size2, root2, root1, consistency)
            assert not verify_consistency(size1, size2, root1, root2, [])
            assert not verify_consistency(size1, size2, root1, root2, consistency[:-1])
            assert not verify_consistency(size1, size2, root1, root2, [*consistency, root1])
            assert not verify_consistency(size1, size2, root1, root2, [root2, *consistency])
            for other1 in (size1 - 1, size1 + 1, size1 ^ 2):
                if 0 < other1 <= size2 and other1 != size1:
                    assert not verify_consistency(other1, size2, root1, root2, consistency)
            # Sizes whose trees have another shape (sizes 3 and 4 share one, for instance).
            for other2 in (size2 * 2, size2 // 2):
                if other2 >= size1:
                    assert not verify_consistency(size1, other2, root1, root2, consistency)


def test_trivial_consistency_cases():
    root = mth(ENTRIES[:3])
    assert verify_consistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [])
    assert verify_consistency(0, 3, EMPTY_ROOT, root, [])
    assert not verify_consistency(0, 3, root, root, [])
    assert not verify_consistency(0, 3, EMPTY_ROOT, root, [root])
    assert verify_consistency(3, 3, root, root, [])
    assert not verify_consistency(3, 3, root, EMPTY_ROOT, [])
    assert not verify_consistency(3, 3, root, root, [root])
    assert not verify_consistency(3, 2, root, root, [root])
    assert not verify_consistency(-1, 3, EMPTY_ROOT, root, [])


def test_verifiers_reject_hashes_of_the_wrong_length(log):
    leaf, root = hash_leaf(ENTRIES[0]), log.root(2)
    audit_path = log.inclusion_proof(0, 2)
    assert verify_inclusion(leaf, 0, 2, audit_path, root)
    assert not verify_inclusion(leaf[:31], 0, 2, audit_path, root)
    assert not verify_inclusion(leaf, 0, 2, [audit_path[0] + b"\x00"], root)
    assert not verify_inclusion(leaf, 0, 2, audit_path, root + b"\x00")
    assert not verify_inclusion(leaf, 0, 0, [], leaf)
    assert not verify_consistency(1, 2, leaf[:31], root, audit_path)


# --- Errors ---------------------------------------------------------------------------------


def test_out_of_range_requests_raise(log):
    with pytest.raises(SizeOutOfRange):
        log.root(MAX_SIZE + 1)
    with pytest.raises(IndexOutOfRange):
        log.inclusion_proof(5, 5)
    with pytest.raises(IndexOutOfRange):
        log.inclusion_proof(-1, 5)
    with pytest.raises(IndexOutOfRange):
        log.leaf_hash(MAX_SIZE)
    with pytest.raises(SizeOutOfRange):
        log.consistency_proof(6, 5)
    with pytest.raises(SizeOutOfRange):
        log.consistency_proof(1, MAX_SIZE + 1)
    with pytest.raises(SizeOutOfRange):
        MerkleLog(MemoryNodeStore(), -1)
    with pytest.raises(MalformedHash):
        MerkleLog(MemoryNodeStore()).append_leaf_hash(b"short")


def test_a_store_missing_nodes_is_reported():
    with pytest.raises(NodeMissing):
        MerkleLog(MemoryNodeStore(), size=3).root()


def test_reopening_a_log_over_its_store_continues_it():
    store = MemoryNodeStore()
    first = MerkleLog(store)
    for entry in ENTRIES[:11]:
        first.append(entry)
    reopened = MerkleLog(store, size=first.size)
    for entry in ENTRIES[11:30]:
        reopened.append(entry)
    assert reopened.root() == mth(ENTRIES[:30])


# --- Published vectors -----------------------------------------------------------------------

# From github.com/transparency-dev/merkle, testonly/constants.go (LeafInputs and RootHashes), the
# RFC 6962 test inputs also used by certificate-transparency-go; roots indexed by tree size.
VECTOR_LEAVES = [
    bytes.fromhex(h)
    for h in (
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    )
]
VECTOR_ROOTS = [
    bytes.fromhex(h)
    for h in (
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    )
]


def hexes(*values: str) -> list[bytes]:
    return [bytes.fromhex(v) for v in values]


# From github.com/transparency-dev/merkle, proof/verify_test.go (inclusionProofs, whose leaf
# numbers count from one there, and consistencyProofs), over the leaves above.
VECTOR_INCLUSION = [
    (0, 1, []),
    (
        0,
        8,
        hexes(
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ),
    ),
    (
        5,
        8,
        hexes(
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ),
    ),
    (2, 3, hexes("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")),
    (
        1,
        5,
        hexes(
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ),
    ),
]
VECTOR_CONSISTENCY = [
    (1, 1, []),
    (
        1,
        8,
        hexes(
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ),
    ),
    (
        6,
        8,
        hexes(
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ),
    ),
    (
        2,
        5,
        hexes(
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ),
    ),
    (
        6,
        7,
        hexes(
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ),
    ),
]


@pytest.fixture(scope="module")
def vector_log() -> MerkleLog:
    merkle_log = MerkleLog(MemoryNodeStore())
    for leaf in VECTOR_LEAVES:
        merkle_log.append(leaf)
    return merkle_log


def test_published_roots(vector_log):
    for size, root in enumerate(VECTOR_ROOTS):
        assert vector_log.root(size) == root
        assert mth(VECTOR_LEAVES[:size]) == root


@pytest.mark.parametrize(("index", "size", "expected"), VECTOR_INCLUSION)
def test_published_inclusion_proofs(vector_log, index, size, expected):
    assert vector_log.inclusion_proof(index, size) == expected
    leaf = hash_leaf(VECTOR_LEAVES[index])
    assert verify_inclusion(leaf, index, size, expected, VECTOR_ROOTS[size])


@pytest.mark.parametrize(("size1", "size2", "expected"), VECTOR_CONSISTENCY)
def test_published_consistency_proofs(vector_log, size1, size2, expected):
    assert vector_log.consistency_proof(size1, size2) == expected
    assert verify_consistency(size1, size2, VECTOR_ROOTS[size1], VECTOR_ROOTS[size2], expected)


# --- Cross-check with pymerkle, an independent RFC 9162 implementation -----------------------


@pytest.fixture(scope="module")
def pymerkle_tree() -> InmemoryTree:
    tree = InmemoryTree(algorithm="sha256")
    for entry in ENTRIES:
        tree.append_entry(entry)
    return tree


def test_pymerkle_computes_the_same_roots(log, pymerkle_tree):
    for size in range(MAX_SIZE + 1):
        assert pymerkle_tree.get_root(size) == log.root(size)


def test_inclusion_proofs_are_exchangeable_with_pymerkle(log, pymerkle_tree):
    for size in range(1, MAX_SIZE + 1):
        root = log.root(size)
        for index in range(size):
            leaf = log.leaf_hash(index)
            # pymerkle counts leaves from one and puts the leaf hash before the audit path.
            theirs = pymerkle_tree.prove_inclusion(index + 1, size)
            assert theirs.path[0] == leaf
            assert verify_inclusion(leaf, index, size, theirs.path[1:], root)
            ours = log.inclusion_proof(index, size)
            theirs.path = [leaf, *ours]
            theirs.verify(leaf, root, index=index + 1, size=size)


def test_pymerkle_finds_our_roots_consistent(log, pymerkle_tree):
    # pymerkle's consistency proofs are laid out differently from RFC 9162's PROOF, so only the
    # roots they tie together can be compared; the path layout is checked against the vectors.
    for size2 in range(1, MAX_SIZE + 1):
        for size1 in range(1, size2 + 1):
            theirs = pymerkle_tree.prove_consistency(size1, size2)
            theirs.verify(log.root(size1), log.root(size2), prior_size=size1, later_size=size2)


# --- Store reads stay logarithmic --------------------------------------------------------------


class CountingStore(MemoryNodeStore):
    def __init__(self) -> None:
        super().__init__()
        self.reads = 0

    def get(self, level: int, index: int) -> bytes | None:
        self.reads += 1
        return super().get(level, index)


def test_a_large_log_reads_logarithmically_many_nodes():
    store = CountingStore()
    merkle_log = MerkleLog(store)
    size = 100_000
    for i in range(size):
        before = store.reads
        merkle_log.append(i.to_bytes(4, "big"))
        assert store.reads - before <= math.log2(size)
    bound = 2 * math.log2(size) + 4
    for index in (0, 1, 31_337, 65_535, 65_536, size - 2, size - 1):
        store.reads = 0
        audit_path = merkle_log.inclusion_proof(index, size)
        assert store.reads <= bound
        store.reads = 0
        root = merkle_log.root(size)
        assert store.reads <= math.log2(size) + 1
        leaf = hash_leaf(index.to_bytes(4, "big"))
        assert verify_inclusion(leaf, index, size, audit_path, root)
    for size1, size2 in ((1, size), (65_536, size), (77_777, 99_999), (size - 1, size)):
        store.reads = 0
        consistency = merkle_log.consistency_proof(size1, size2)
        assert store.reads <= bound
        roots = merkle_log.root(size1), merkle_log.root(size2)
        assert verify_consistency(size1, size2, *roots, consistency)
    assert len(store) == 2 * size - bin(size).count("1")
