"""The analyzer's unknown-checking view of a resource's properties, built as the policy reads it.

The real analyzer hands each policy ``pulumi_policy.proxy.unknown_checking_proxy(props)``: a copy
of the properties, every dict and list wrapped, whose reads raise ``UnknownValueError`` on an
unknown value, so the policy is skipped for that resource. It copies the whole tree up front, for
every policy and every resource, once per policy because each deserializes the request anew. A
policy reads a handful of fields; a 40-cluster stack has 1250 resources and the pack 22 policies,
and those copies were a fifth of a warm re-preview.

``unknown_checking_view`` gives the same objects (``_DictProxy`` and ``_ListProxy``, which the
SDK's serializer recognises), reading the same and raising the same errors, but copies a dict or
list only when the policy reaches it. A policy that writes into its view writes into its own copy,
as before: the plan's values and the next policy's view never see it.
"""

from __future__ import annotations

from typing import Any

from pulumi_policy.proxy import _DictProxy, _ListProxy, _raise_if_unknown


def unknown_checking_view(props: dict[str, Any]) -> Any:
    """What ``unknown_checking_proxy(props)`` returns, copied lazily (see the module)."""
    return _view(props, [])


def _view(value: Any, path: list[str]) -> Any:
    if isinstance(value, dict):
        return _LazyDict(value, path)
    if isinstance(value, list):
        return _LazyList(value, path)
    return value


class _LazyDict(_DictProxy):
    """A ``_DictProxy`` whose nested dicts and lists are wrapped when first read."""

    def __init__(self, source: dict[str, Any], path: list[str]) -> None:
        # Not the parent's __init__: its target is the fully wrapped copy this one defers.
        self._items = dict(source)
        self._wrapped: set[Any] = set()
        self._path = path

    def _child(self, key: Any) -> Any:
        if key not in self._wrapped:
            self._items[key] = _view(self._items[key], [*self._path, str(key)])
            self._wrapped.add(key)
        return self._items[key]

    def __getitem__(self, key: Any) -> Any:
        if key == "__target":
            for name in list(self._items):
                self._child(name)
            return self._items
        return _raise_if_unknown(key, self._child(key), self._path)

    def __setitem__(self, key: Any, value: Any) -> None:
        self._items[key] = value
        self._wrapped.add(key)  # stored as given, as the SDK's proxy does

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Any:
        return iter(self._items)


class _LazyList(_ListProxy):
    """A ``_ListProxy`` whose items are wrapped when the list is first read."""

    def __init__(self, source: list[Any], path: list[str]) -> None:
        self._source = source
        self._items: list[Any] | None = None
        self._path = path

    def _target(self) -> list[Any]:
        if self._items is None:
            self._items = [_view(item, [*self._path, str(i)]) for i, item in enumerate(self._source)]
        return self._items

    def __getitem__(self, key: Any) -> Any:
        if key == "__target":
            return self._target()
        return _raise_if_unknown(key, self._target()[key], self._path)

    def __len__(self) -> int:
        return len(self._source)
