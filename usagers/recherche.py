"""Finding a person as agents type: without accents, without case, by name or birth date.

The names are stored as typed; `Usager.recherche` holds « nom prénom » normalised by
`normaliser` (written by `Usager.save` and `UsagerQuerySet.bulk_create`), so PostgreSQL and SQLite
compare the same strings. On PostgreSQL a trigram GIN index (`pg_trgm`, migration
`0005_recherche_sans_accents`) keeps `LIKE '%…%'` an index lookup at 100 000 persons.
"""

import re
import unicodedata
from datetime import date, datetime
from difflib import SequenceMatcher

_NON_ALPHANUMERIQUE = re.compile(r"[^0-9a-z]+")
_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def normaliser(texte: str) -> str:
    """« DUPRÉ-Lefèvre  Hélène » → « dupre lefevre helene »: no accents, no case, no punctuation."""
    decompose = unicodedata.normalize("NFKD", texte or "")
    sans_accents = "".join(c for c in decompose if not unicodedata.combining(c))
    sans_accents = sans_accents.replace("ß", "ss").replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae")
    return _NON_ALPHANUMERIQUE.sub(" ", sans_accents.casefold()).strip()


def cle_recherche(nom: str, prenom: str) -> str:
    return f"{normaliser(nom)} {normaliser(prenom)}".strip()


def analyser(terme: str) -> tuple[list[str], list[date]]:
    """Split what was typed into normalised words and birth dates (`12/03/1980` or `1980-03-12`)."""
    mots: list[str] = []
    dates: list[date] = []
    for morceau in (terme or "").split():
        correspondance = _DATE.match(morceau)
        try:
            if correspondance:
                jour, mois, annee = (int(x) for x in correspondance.groups())
                dates.append(date(annee, mois, jour))
                continue
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", morceau):
                dates.append(datetime.strptime(morceau, "%Y-%m-%d").date())
                continue
        except ValueError:
            pass
        mots.extend(normaliser(morceau).split())
    return mots, dates


def variantes(mot: str) -> list[str]:
    """Every spelling one edit away from `mot` as regular-expression fragments (`.` one letter):
    a letter left out, replaced or added — SQLite's stand-in for PostgreSQL's trigram similarity.
    Words of fewer than four letters are taken as typed."""
    if len(mot) < 4:
        return [mot]
    trouvees = {mot}
    for i in range(len(mot)):
        trouvees.add(mot[:i] + mot[i + 1 :])  # left out
        trouvees.add(mot[:i] + "." + mot[i + 1 :])  # replaced
    for i in range(len(mot) + 1):
        trouvees.add(mot[:i] + "." + mot[i:])  # added
    return sorted(trouvees)


def proche(une: str, autre: str) -> bool:
    """Two normalised names a letter or two apart (« dupres helene », « dupre helen »)."""
    return une == autre or SequenceMatcher(None, une, autre).ratio() >= 0.8
