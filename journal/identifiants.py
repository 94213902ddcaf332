"""The identifiers of journal entries as their readers see them: a keyed permutation of the row's id
(a 4-round Feistel network over 52 bits, each round an HMAC of `SECRET_KEY`), so that they carry no
order. With the sequence's own ids an administrator paging through the journal saw the gaps left by
the entries of a compartment (health data) — their number and when they happened. 52 bits: the
identifiers stay exact JSON numbers (JavaScript's safe integers)."""

import hashlib
import hmac

from django.conf import settings

_BITS = 26  # each half
_MASQUE = (1 << _BITS) - 1
_TOURS = 4


def _cle() -> bytes:
    return hmac.new(settings.SECRET_KEY.encode(), b"journal.identifiants", hashlib.sha256).digest()


def _f(cle: bytes, tour: int, moitie: int) -> int:
    empreinte = hmac.new(cle, f"{tour}:{moitie}".encode(), hashlib.sha256).digest()
    return int.from_bytes(empreinte[:4], "big") & _MASQUE


def identifiant_public(pk: int) -> int:
    """The identifier shown for the entry `pk` (a bijection of [0, 2**52))."""
    cle, gauche, droite = _cle(), (pk >> _BITS) & _MASQUE, pk & _MASQUE
    for tour in range(_TOURS):
        gauche, droite = droite, gauche ^ _f(cle, tour, droite)
    return (gauche << _BITS) | droite


def pk_de(identifiant: int) -> int | None:
    """The entry an identifier names (None when it is out of range)."""
    if not 0 <= identifiant < 1 << (2 * _BITS):
        return None
    cle, gauche, droite = _cle(), identifiant >> _BITS, identifiant & _MASQUE
    for tour in reversed(range(_TOURS)):
        gauche, droite = droite ^ _f(cle, tour, gauche), gauche
    return (gauche << _BITS) | droite
