"""What the shared grammar tells the kernel apps, without naming them (Django signals, connected by
those apps in their `ready()`):

- `dossiers_consultes`: files were read through the API or the admin (`sender`: the origin, "api"
  or "admin"; `par`: the account; `action`: "lu", "liste", "exporte"; `objets`: the records). The
  access journal writes one entry per record, in the caller's transaction (`journal.apps`). Writes
  need no signal of the grammar: the journal listens to the models' own (`post_save`, `pre_delete`).
- `page_a_lire`: a list's page is about to be read (`sender`: the origin; `par`; `action`; `modele`;
  `base`: the database alias it is read from). A receiver may answer a `config.sql.EcritureJointe`
  that the reader runs in the statement reading the page (the journal: its INSERT of the rows shown,
  no second round trip); `dossiers_consultes` is sent all the same once the answer succeeded, and
  the journal, knowing those rows written, does not write them twice.
- `versions_demandees`: the change history of a record is asked for (`sender`: its model;
  `objet`: the record); each receiver answers the list of its versions (`historique.apps`).
"""

from django.dispatch import Signal

dossiers_consultes = Signal()
page_a_lire = Signal()
versions_demandees = Signal()
