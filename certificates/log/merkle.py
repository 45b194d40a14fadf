"""RFC 9162 Merkle tree hashing, an append-only log over a node store, and proof verification."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from typing import Protocol

from certificates.log.errors import IndexOutOfRange, MalformedHash, NodeMissing, SizeOutOfRange

# RFC 9162 section 2.1.1: the hash algorithm is SHA-256, so every hash is 32 bytes.
HASH_SIZE = 32
# RFC 9162 section 2.1.1: MTH({}) = HASH(), the hash of an empty string.
EMPTY_ROOT = hashlib.sha256(b"").digest()


def hash_leaf(entry: bytes) -> bytes:
    """Return the leaf hash of an entry, SHA-256(0x00 || entry) (RFC 9162 section 2.1.1)."""
    return hashlib.sha256(b"\x00" + entry).digest()


def hash_children(left: bytes, right: bytes) -> bytes:
    """Return an interior node hash, SHA-256(0x01 || left || right) (RFC 9162 section 2.1.1)."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def split_point(n: int) -> int:
    """Return k, the largest power of two smaller than n >= 2 (RFC 9162 section 2.1.1)."""
    return 1 << ((n - 1).bit_length() - 1)


class NodeStore(Protocol):
    """Hashes of complete subtrees keyed by (level, index); level 0 holds the leaf hashes.

    The node at (level, index) is the root of the perfect subtree over leaves
    [index * 2**level, (index + 1) * 2**level).
    """

    def get(self, level: int, index: int) -> bytes | None:
        """Return the hash stored at (level, index), or None if there is none."""
        ...

    def put(self, level: int, index: int, digest: bytes) -> None:
        """Store the hash of the complete subtree at (level, index)."""
        ...


class MemoryNodeStore:
    """A NodeStore in a dict, for tests and small logs."""

    def __init__(self) -> None:
        """Start empty."""
        self.nodes: dict[tuple[int, int], bytes] = {}

    def get(self, level: int, index: int) -> bytes | None:
        """Return the hash stored at (level, index), or None if there is none."""
        return self.nodes.get((level, index))

    def put(self, level: int, index: int, digest: bytes) -> None:
        """Store the hash of the complete subtree at (level, index)."""
        self.nodes[(level, index)] = digest

    def __len__(self) -> int:
        """Return the number of hashes stored."""
        return len(self.nodes)


class MerkleLog:
    """An append-only RFC 9162 Merkle tree whose complete subtrees live in a NodeStore.

    The store holds every complete subtree (2n - popcount(n) hashes for n leaves), so roots and
    proofs for any tree size up to the current one take O(log n) store reads.
    """

    def __init__(self, store: NodeStore, size: int = 0) -> None:
        """Open the log held in store, whose current size the caller persists."""
        if size < 0:
            raise SizeOutOfRange(f"tree size {size} is negative")
        self._store = store
        self._size = size

    @property
    def size(self) -> int:
        """Return the number of entries appended so far."""
        return self._size

    def append(self, entry: bytes) -> int:
        """Append an entry and return its leaf index."""
        return self.append_leaf_hash(hash_leaf(entry))

    def append_leaf_hash(self, leaf_hash: bytes) -> int:
        """Append a leaf by its leaf hash and return its index; reads and writes O(log n) nodes."""
        _check_hash(leaf_hash)
        index = self._size
        self._store.put(0, index, leaf_hash)
        digest, level, position = leaf_hash, 0, index
        # RFC 9162 section 2.1.1 splits at the largest power of two, so complete subtrees are
        # aligned: a right child (odd position) completes its parent with its left sibling.
        while position & 1:
            digest = hash_children(self._node(level, position - 1), digest)
            level, position = level + 1, position >> 1
            self._store.put(level, position, digest)
        self._size = index + 1
        return index

    def leaf_hash(self, index: int) -> bytes:
        """Return the leaf hash of the entry at index."""
        if not 0 <= index < self._size:
            raise IndexOutOfRange(f"leaf index {index} is not below tree size {self._size}")
        return self._node(0, index)

    def root(self, tree_size: int | None = None) -> bytes:
        """Return MTH(D[0:tree_size]) (RFC 9162 section 2.1.1), by default of the whole log."""
        return self._range_hash(0, self._checked_size(tree_size))

    def inclusion_proof(self, index: int, tree_size: int | None = None) -> list[bytes]:
        """Return PATH(index, D[0:tree_size]), the audit path of RFC 9162 section 2.1.3.1."""
        size = self._checked_size(tree_size)
        if not 0 <= index < size:
            raise IndexOutOfRange(f"leaf index {index} is not below tree size {size}")
        # RFC 9162 section 2.1.3.1, for n > 1 and k = split_point(n):
        #   m < k:  PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n])
        #   m >= k: PATH(m, D[n]) = PATH(m - k, D[k:n]) : MTH(D[0:k])
        # Walking down from the root collects the siblings top-down; the path lists them bottom-up.
        siblings: list[bytes] = []
        start, end = 0, size
        while end - start > 1:
            k = split_point(end - start)
            if index < start + k:
                siblings.append(self._range_hash(start + k, end))
                end = start + k
            else:
                siblings.append(self._range_hash(start, start + k))
                start += k
        siblings.reverse()
        return siblings

    def consistency_proof(self, size1: int, size2: int | None = None) -> list[bytes]:
        """Return PROOF(size1, D[0:size2]), the consistency proof of RFC 9162 section 2.1.4.1."""
        second = self._checked_size(size2)
        if not 0 <= size1 <= second:
            raise SizeOutOfRange(f"tree size {size1} is not between 0 and {second}")
        # RFC 9162 section 2.1.4.1 defines PROOF(m, D[n]) for 0 < m < n; an empty tree or a tree
        # identical to the second one is consistent with it without any hash to show.
        if size1 in (0, second):
            return []
        # PROOF(m, D[n]) = SUBPROOF(m, D[n], true), and for m < n with k = split_point(n):
        #   m <= k: SUBPROOF(m, D[n], b) = SUBPROOF(m, D[0:k], b) : MTH(D[k:n])
        #   m > k:  SUBPROOF(m, D[n], b) = SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k])
        siblings: list[bytes] = []
        start, end, m, whole = 0, second, size1, True
        while m != end - start:
            k = split_point(end - start)
            if m <= k:
                siblings.append(self._range_hash(start + k, end))
                end = start + k
            else:
                siblings.append(self._range_hash(start, start + k))
                start, m, whole = start + k, m - k, False
        # SUBPROOF(m, D[m], true) = {} and SUBPROOF(m, D[m], false) = {MTH(D[m])}.
        proof = [] if whole else [self._range_hash(start, end)]
        proof.extend(reversed(siblings))
        return proof

    def _checked_size(self, tree_size: int | None) -> int:
        """Return tree_size, or the current size for None, after checking it is in range."""
        if tree_size is None:
            return self._size
        if not 0 <= tree_size <= self._size:
            raise SizeOutOfRange(f"tree size {tree_size} is not between 0 and {self._size}")
        return tree_size

    def _node(self, level: int, index: int) -> bytes:
        """Return the stored hash of the complete subtree at (level, index)."""
        digest = self._store.get(level, index)
        if digest is None:
            raise NodeMissing(f"no hash stored at level {level}, index {index}")
        return digest

    def _range_hash(self, start: int, end: int) -> bytes:
        """Return MTH(D[start:end]) for a subtree of the RFC tree, from popcount(width) reads."""
        width = end - start
        if width == 0:
            return EMPTY_ROOT
        # Every subtree RFC 9162 section 2.1.1 forms starts at a multiple of the largest power of
        # two not above its width, so it is the run of complete subtrees of its width's binary
        # digits, largest first; MTH folds them from the right.
        top = width.bit_length() - 1
        if start % (1 << top):
            raise ValueError(f"D[{start}:{end}] is not a subtree of an RFC 9162 tree")
        digests: list[bytes] = []
        offset = start
        for level in range(top, -1, -1):
            if width >> level & 1:
                digests.append(self._node(level, offset >> level))
                offset += 1 << level
        digest = digests.pop()
        while digests:
            digest = hash_children(digests.pop(), digest)
        return digest


def verify_inclusion(
    leaf_hash: bytes, index: int, tree_size: int, proof: Sequence[bytes], root: bytes
) -> bool:
    """Return whether proof shows leaf_hash at index in the tree of tree_size with that root.

    Follows the verification algorithm of RFC 9162 section 2.1.3.2 step by step.
    """
    if not all(_is_hash(h) for h in (leaf_hash, root, *proof)):
        return False
    # Step 1: a leaf index at or beyond the tree size fails.
    if not 0 <= index < tree_size:
        return False
    # Steps 2 and 3: fn = leaf_index, sn = tree_size - 1, r = hash.
    fn, sn, r = index, tree_size - 1, leaf_hash
    # Step 4: fold in each value p of the inclusion path.
    for p in proof:
        # Step 4a: a path longer than the tree is high fails.
        if sn == 0:
            return False
        # Step 4b: p is a left sibling if fn is a right child or the last node of its level.
        if fn & 1 or fn == sn:
            r = hash_children(p, r)
            # Skip the levels where the last node had no sibling to combine with.
            while fn & 1 == 0 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = hash_children(r, p)
        # Step 4c: move up one level.
        fn, sn = fn >> 1, sn >> 1
    # Step 5: the path must reach the root exactly, and hash to root_hash.
    return sn == 0 and hmac.compare_digest(r, root)


def verify_consistency(
    size1: int, size2: int, root1: bytes, root2: bytes, proof: Sequence[bytes]
) -> bool:
    """Return whether proof shows the tree (size1, root1) is a prefix of the tree (size2, root2).

    Follows the verification algorithm of RFC 9162 section 2.1.4.2 step by step.
    """
    if not all(_is_hash(h) for h in (root1, root2, *proof)):
        return False
    if not 0 <= size1 <= size2:
        return False
    if size1 == size2:
        # A tree is consistent with itself only, and there is nothing to prove.
        return not proof and hmac.compare_digest(root1, root2)
    if size1 == 0:
        # The empty tree, MTH({}) = HASH() (section 2.1.1), is a prefix of every tree.
        return not proof and hmac.compare_digest(root1, EMPTY_ROOT)
    # Step 1: an empty consistency path fails.
    if not proof:
        return False
    path = list(proof)
    # Step 2: if first is an exact power of two, the verifier supplies first_hash itself.
    if size1 & (size1 - 1) == 0:
        path.insert(0, root1)
    # Step 3: fn = first - 1, sn = second - 1.
    fn, sn = size1 - 1, size2 - 1
    # Step 4: skip the levels where fn is a right child.
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    # Step 5: both running hashes start at the first value of the path.
    fr = sr = path[0]
    # Step 6: fold in each subsequent value c.
    for c in path[1:]:
        # Step 6a: a path longer than the second tree is high fails.
        if sn == 0:
            return False
        # Step 6b: c is a left sibling of both trees' nodes, or a right sibling of the second's.
        if fn & 1 or fn == sn:
            fr = hash_children(c, fr)
            sr = hash_children(c, sr)
            while fn & 1 == 0 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = hash_children(sr, c)
        # Step 6c: move up one level.
        fn, sn = fn >> 1, sn >> 1
    # Step 7: both roots must match and the path must reach the second root exactly.
    return hmac.compare_digest(fr, root1) and hmac.compare_digest(sr, root2) and sn == 0


def _is_hash(value: object) -> bool:
    """Return whether value is the bytes of one SHA-256 digest."""
    return isinstance(value, bytes) and len(value) == HASH_SIZE


def _check_hash(value: bytes) -> None:
    """Raise MalformedHash unless value is the bytes of one SHA-256 digest."""
    if not _is_hash(value):
        raise MalformedHash("a hash must be 32 bytes of SHA-256")
