"""The journal can move to its own database by a setting (journal.routers.JournalRouter)."""

from comptes.models import User
from journal.models import EntreeJournal
from journal.routers import JournalRouter


def test_par_defaut_tout_reste_sur_la_base_principale(settings):
    settings.JOURNAL_DATABASE = "default"
    routeur = JournalRouter()
    assert routeur.db_for_write(EntreeJournal) == "default"
    assert routeur.allow_migrate("default", "journal") is None


def test_avec_sa_base_le_journal_y_va_seul(settings):
    settings.JOURNAL_DATABASE = "journal"
    routeur = JournalRouter()
    assert routeur.db_for_read(EntreeJournal) == routeur.db_for_write(EntreeJournal) == "journal"
    assert routeur.db_for_write(User) is None
    assert routeur.allow_migrate("journal", "journal") is True
    assert routeur.allow_migrate("default", "journal") is False
    assert routeur.allow_migrate("journal", "usagers") is False
    assert routeur.allow_migrate("default", "usagers") is None
