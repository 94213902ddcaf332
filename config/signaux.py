"""What the shared grammar tells the kernel apps, without naming them (Django signals, connected by
those apps in their `ready()`):

- `dossiers_consultes`: files were read through the API or the admin (`sender`: the origin, "api"
  or "admin"; `par`: the account; `action`: "lu", "liste", "exporte"; `objets`: the records). The
  access journal writes one entry per record, in the caller's transaction (`journal.apps`). Writes
  need no signal of the grammar: the journal listens to the models' own (`post_save`, `pre_delete`).
- `versions_demandees`: the change history of a record is asked for (`sender`: its model;
  `objet`: the record); each receiver answers the list of its versions (`historique.apps`).
"""

from django.dispatch import Signal

dossiers_consultes = Signal()
versions_demandees = Signal()
