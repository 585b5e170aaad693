"""Rendered output kept between two builds of one process (`mkdocs serve`).

The preview rebuilds the whole site on every edit; re-rendering 10,000
unchanged company pages, 200 directory pages and the open data files is what
made it wait. Each piece is keyed by every input of its rendering (frozen
dataclasses hash and compare by value), and a build keeps only the pieces it
used, so memory stays bounded. The adapter owns the cache and passes it in;
without one, nothing is reused.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

from ..parallel import forked_map

T = TypeVar("T")
Item = TypeVar("Item")


class _Key:
    """A key hashed once: frozen dataclasses do not keep their hash, and a
    company's key is looked up several times."""

    __slots__ = ("value", "hash")

    def __init__(self, value: Hashable) -> None:
        self.value, self.hash = value, hash(value)

    def __hash__(self) -> int:
        return self.hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Key) and self.hash == other.hash and self.value == other.value


class RenderCache:
    def __init__(self) -> None:
        self._pieces: dict[_Key, object] = {}
        self._used: dict[_Key, object] = {}

    def memo(self, key: Hashable, make: Callable[[], T]) -> T:
        """`make()`, or what it returned in the previous build for an equal key.
        A key starts with the name of what it renders: keys of two kinds never meet."""
        k = _Key(key)
        piece = self._used.get(k, self._pieces.get(k, _Key))
        if piece is _Key:
            piece = make()
        self._used[k] = piece
        return piece  # type: ignore[return-value]

    def memo_all(self, items: Sequence[Item], key: Callable[[Item], Hashable], make: Callable[[Item], T],
                 workers: int = 1) -> list[T]:
        """`[memo(key(x), lambda: make(x)) for x in items]`, what is not cached
        made by `workers` processes (parallel.forked_map): `make` must be pure."""
        keys = [_Key(key(x)) for x in items]
        pieces = [self._used.get(k, self._pieces.get(k, _Key)) for k in keys]
        todo = [i for i, piece in enumerate(pieces) if piece is _Key]
        for i, piece in zip(todo, forked_map(make, [items[i] for i in todo], workers)):
            pieces[i] = piece
        for k, piece in zip(keys, pieces):
            self._used[k] = piece
        return pieces  # type: ignore[return-value]

    def scope(self, key: Hashable) -> "RenderCache":
        """A cache for pieces that all depend on `key` (the labels, the day…),
        compared once per build instead of once per piece."""
        return self.memo(("scope", key), RenderCache)

    def sweep(self) -> None:
        """End of a build: forget what it did not use."""
        self._pieces, self._used = self._used, {}
        for piece in self._pieces.values():
            if isinstance(piece, RenderCache):
                piece.sweep()
