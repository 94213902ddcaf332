"""Instants (`timestamptz`) are read by psycopg's C loader on PostgreSQL (`config.postgresql`): the
same values as Django's own loader gives — the instant, to the microsecond, in the connection's time
zone — whatever the session wrote them in."""

import datetime

import pytest
from django.db import connection
from django.db.backends.postgresql.psycopg_any import BaseTzLoader

from config.postgresql.base import _TIMESTAMPTZ, lecteur_d_instants

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

TEXTES = [
    "2024-03-01 09:30:15.123456+00",
    "2024-03-31 01:59:59.999999+00",
    "1900-01-01 00:00:00+00",
    "2024-07-14 23:00:00+02",  # an offset other than UTC's: the same instant
    "9999-12-31 23:59:59.999999+00",
]


def _lus() -> list[datetime.datetime]:
    with connection.cursor() as curseur:
        curseur.execute(
            "SELECT t::timestamptz FROM unnest(%s::text[]) WITH ORDINALITY AS x(t, n) ORDER BY n", [TEXTES]
        )
        return [valeur for (valeur,) in curseur.fetchall()]


def test_les_instants_lus_en_c_valent_ceux_du_chargeur_de_django():
    with connection.cursor():
        pass
    chargeur = connection.connection.adapters.get_loader(_TIMESTAMPTZ, 0)
    assert chargeur.__name__ == "LecteurDInstants" and chargeur.timezone == connection.timezone
    lus = _lus()

    class Django(BaseTzLoader):
        timezone = connection.timezone

    connection.connection.adapters.register_loader(_TIMESTAMPTZ, Django)
    try:
        attendus = _lus()
    finally:
        connection.connection.adapters.register_loader(_TIMESTAMPTZ, chargeur)

    assert lus == attendus
    assert [v.tzinfo for v in lus] == [v.tzinfo for v in attendus] == [connection.timezone] * len(TEXTES)
    assert lus[0] == datetime.datetime(2024, 3, 1, 9, 30, 15, 123456, tzinfo=datetime.UTC)
    assert lus[3] == datetime.datetime(2024, 7, 14, 21, 0, tzinfo=datetime.UTC)


def test_un_nul_reste_nul_et_le_curseur_garde_le_chargeur():
    with connection.cursor() as curseur:
        curseur.execute("SELECT NULL::timestamptz, now()")
        nul, maintenant = curseur.fetchone()
        # Django re-registers its own loader on a cursor whose connection's loader has another zone.
        assert curseur.cursor.adapters.get_loader(_TIMESTAMPTZ, 0).__name__ == "LecteurDInstants"
    assert nul is None and maintenant.tzinfo == connection.timezone


def test_sans_chargeur_c_celui_de_django_reste(monkeypatch):
    from psycopg.types.datetime import TimestamptzLoader

    from config.postgresql import base

    monkeypatch.setattr(base, "_CHARGEUR_C", TimestamptzLoader)
    assert lecteur_d_instants(datetime.UTC) is None
