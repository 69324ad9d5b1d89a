"""Secret config an offline run cannot decrypt: unknown to the program, never a fake value.

A ``secure:`` value in a stack file is ciphertext that only the stack's secrets provider can
decrypt, which an offline run has not. The CLI would hand the program the plaintext; offline the
value is unknown. The SDK's config API returns plain strings, so without help a program would
read a placeholder string as if it were the secret and parse it at plan time. During a run the
SDK's ``Config`` therefore answers, for such a key:

- every secret getter (``get_secret``, ``require_secret``, their ``_bool``/``_int``/``_float``/
  ``_object`` forms) with an unknown secret Output: what a preview of a resource that produced
  the value would show, so an ``apply`` over it never runs;
- every plain getter (``get``, ``require``...) with ``SecretConfigError``: a plain read has no way
  to say "unknown", and a program that reads a secret in clear should not do so anyway.

Outside a run, and for every other key, ``Config`` behaves as the SDK's.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pulumi
from pulumi.output import UNKNOWN

_UNDECRYPTABLE: contextvars.ContextVar[frozenset[str]] = contextvars.ContextVar(
    "meshfleet_undecryptable_config", default=frozenset()
)

_SECRET_GETTERS = (
    "get_secret",
    "get_secret_bool",
    "get_secret_int",
    "get_secret_float",
    "get_secret_object",
    "require_secret",
    "require_secret_bool",
    "require_secret_int",
    "require_secret_float",
    "require_secret_object",
)
_PLAIN_GETTERS = (
    "get",
    "get_bool",
    "get_int",
    "get_float",
    "get_object",
    "require",
    "require_bool",
    "require_int",
    "require_float",
    "require_object",
)


class SecretConfigError(Exception):
    """A program read, with a plain getter, a secret an offline run cannot decrypt."""


def _secret_getter(original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    def read(self: pulumi.Config, key: str, *args: Any, **kwargs: Any) -> Any:
        if self.full_key(key) in _UNDECRYPTABLE.get():
            return pulumi.Output.secret(UNKNOWN)
        return original(self, key, *args, **kwargs)

    return read


def _plain_getter(original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    def read(self: pulumi.Config, key: str, *args: Any, **kwargs: Any) -> Any:
        full_key = self.full_key(key)
        if full_key in _UNDECRYPTABLE.get():
            secret_form = original.__name__.replace("get", "get_secret", 1).replace(
                "require", "require_secret", 1
            )
            raise SecretConfigError(
                f"{full_key} is a secret, which an offline preview cannot decrypt; read it with "
                f"Config.{secret_form}(), which is unknown offline, not Config.{original.__name__}()"
            )
        return original(self, key, *args, **kwargs)

    return read


@functools.cache
def _install() -> None:
    """Wrap the SDK's getters once; they read the undecryptable keys of the current run."""
    for name in _SECRET_GETTERS:
        setattr(pulumi.Config, name, _secret_getter(getattr(pulumi.Config, name)))
    for name in _PLAIN_GETTERS:
        setattr(pulumi.Config, name, _plain_getter(getattr(pulumi.Config, name)))


@contextlib.contextmanager
def undecryptable(keys: Iterable[str]) -> Iterator[None]:
    """Within the block (this context), the secret config `keys` read as unknown."""
    _install()
    token = _UNDECRYPTABLE.set(frozenset(keys))
    try:
        yield
    finally:
        _UNDECRYPTABLE.reset(token)
