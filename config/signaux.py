"""What the shared grammar tells the kernel apps, without naming them (Django signals, connected by
those apps in their `ready()`):

- `dossiers_consultes`: files were read or written through the API or the admin (`sender`: the
  origin, "api" or "admin"; `par`: the account; `action`: "lu", "liste", "cree", "modifie",
  "supprime", "exporte"; `objets`: the records). The access journal writes one entry per record,
  in the caller's transaction (`journal.apps`).
- `versions_demandees`: the change history of a record is asked for (`sender`: its model;
  `objet`: the record); each receiver answers the list of its versions (`historique.apps`).
"""

from django.dispatch import Signal

dossiers_consultes = Signal()
versions_demandees = Signal()
