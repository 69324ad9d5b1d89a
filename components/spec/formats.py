"""Syntaxes of the free-form strings a spec passes on into cloud and Kubernetes objects.

Each validator returns the value unchanged or raises ValueError with the rule; models use the
annotated types at the bottom. Rules are the receiving API's own, so that what passes here is
accepted there, and nothing else (a host like "helloworld; rm -rf $HOME" never reaches an
object).
"""

from __future__ import annotations

import ipaddress
import re
from typing import Annotated

from pydantic import AfterValidator

from .errors import quoted

# Kubernetes DNS-1123: a label is [a-z0-9]([-a-z0-9]*[a-z0-9])?, at most 63 characters; a
# subdomain is labels joined by '.', at most 253 characters.
_DNS1123_LABEL = r"[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?"
_DNS1123_SUBDOMAIN = re.compile(rf"{_DNS1123_LABEL}(\.{_DNS1123_LABEL})*")
MAX_SUBDOMAIN = 253

# Kubernetes label names and values (apimachinery IsQualifiedName, IsValidLabelValue).
_LABEL_NAME = re.compile(r"([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]")
MAX_LABEL = 63

_SUBDOMAIN_RULE = (
    "lowercase letters, digits, '-' and '.', each part starting and ending with a letter or digit,"
    f" at most {MAX_SUBDOMAIN} characters"
)


def is_subdomain(value: str) -> bool:
    return len(value) <= MAX_SUBDOMAIN and _DNS1123_SUBDOMAIN.fullmatch(value) is not None


def _host(value: str) -> str:
    # Istio Gateway server and VirtualService hosts: "*", a "*."-wildcard domain or a domain.
    # (A Gateway's "namespace/host" form is not offered: the same hosts go to the VirtualService.)
    if value == "*" or is_subdomain(value.removeprefix("*.")):
        return value
    raise ValueError(f"{quoted(value)} must be '*', a domain or a '*.' wildcard domain ({_SUBDOMAIN_RULE})")


def _service_host(value: str) -> str:
    # A destination host: a Service name (short or fully qualified); no wildcards, a destination
    # is one service.
    if is_subdomain(value):
        return value
    raise ValueError(f"{quoted(value)} must be a Service name or a domain ({_SUBDOMAIN_RULE})")


def _label_key(value: str) -> str:
    prefix, slash, name = value.rpartition("/")
    if len(name) <= MAX_LABEL and _LABEL_NAME.fullmatch(name) and (not slash or is_subdomain(prefix)):
        return value
    raise ValueError(
        f"{quoted(value)} must be a Kubernetes label key: an optional DNS subdomain prefix and '/',"
        f" then at most {MAX_LABEL} letters, digits, '-', '_' or '.', starting and ending with a"
        " letter or digit"
    )


def _label_value(value: str) -> str:
    if value == "" or (len(value) <= MAX_LABEL and _LABEL_NAME.fullmatch(value)):
        return value
    raise ValueError(
        f"{quoted(value)} must be a Kubernetes label value: at most {MAX_LABEL} letters, digits,"
        " '-', '_' or '.', starting and ending with a letter or digit"
    )


MAX_DISPLAY_NAME = 100
"""Our cap on a display name: a name to recognise a range by, not a document."""


def _display_name(value: str) -> str:
    if 0 < len(value) <= MAX_DISPLAY_NAME and value.isprintable():
        return value
    raise ValueError(
        f"{quoted(value)} must be 1 to {MAX_DISPLAY_NAME} printable characters (no line breaks or tabs)"
    )


MAX_URI = 2048
"""Our cap on a URI match: far above any real path, low enough to keep objects and errors small."""
_URI_PATH = re.compile(r"/[\x21-\x7e]*")


def _uri_path(value: str) -> str:
    # An HTTP request path: it starts with '/', and holds no spaces or control characters
    # (RFC 3986): a match holding them could never match a request.
    if len(value) <= MAX_URI and _URI_PATH.fullmatch(value):
        return value
    raise ValueError(
        f"{quoted(value)} must be a URI path: '/' then printable ASCII without spaces,"
        f" at most {MAX_URI} characters"
    )


# A GCP zone is its region and a letter: asia-northeast1-a is a zone of asia-northeast1.
_ZONE = re.compile(r"(?P<region>[a-z]+-[a-z]+[0-9]+)-[a-z]")


def zone_region(zone: str) -> str | None:
    """The region of a GCP zone name, or None when `zone` is not one."""
    found = _ZONE.fullmatch(zone)
    return found["region"] if found else None


def _zone(value: str) -> str:
    if zone_region(value) is None:
        raise ValueError(f"{quoted(value)} must be a GCP zone, e.g. asia-northeast1-a")
    return value


def _ipv4(value: str) -> str:
    try:
        ipaddress.IPv4Address(value)
    except ValueError:
        raise ValueError(f"{quoted(value)} is not an IPv4 address") from None
    return value


Host = Annotated[str, AfterValidator(_host)]
ServiceHost = Annotated[str, AfterValidator(_service_host)]
LabelKey = Annotated[str, AfterValidator(_label_key)]
LabelValue = Annotated[str, AfterValidator(_label_value)]
DisplayName = Annotated[str, AfterValidator(_display_name)]
UriPath = Annotated[str, AfterValidator(_uri_path)]
Zone = Annotated[str, AfterValidator(_zone)]
IPv4 = Annotated[str, AfterValidator(_ipv4)]


_CONFIG_KEY = re.compile(r"[A-Za-z][-A-Za-z0-9_.]{0,99}")


def _config_key(value: str) -> str:
    if not _CONFIG_KEY.fullmatch(value):
        raise ValueError(
            f"{quoted(value)} must be a config key: a letter, then up to 99 letters, digits, '-', '_' or '.'"
        )
    return value


ConfigKey = Annotated[str, AfterValidator(_config_key)]
"""A key in the `meshfleet` stack config namespace, e.g. a secret kubeconfig's."""
