"""Abstract model pieces shared by every dispositif (config is not an app: abstract models only)."""

from django.conf import settings
from django.db import models

from config.errors import ConflitDeVersion


class CompleteALaLecture(models.Model):
    """A model that completes each instance read from the database (`apres_lecture`: what it keeps of
    the row as read, to compare at save), on every path that reads rows — Django's (`from_db`) and
    the lists' one-statement reader, which builds the page's instances without `Model.__init__` and
    then calls the same method (`config.sql._constructeur`). A `from_db` of a model's own would send
    that reader back to `Model.__init__` for each row."""

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        objet = super().from_db(db, field_names, values)
        objet.apres_lecture()
        return objet

    def apres_lecture(self) -> None:
        raise NotImplementedError


class Trace(models.Model):
    """Who created a record of the pacte and when; when it was last changed."""

    cree_le = models.DateTimeField("enregistré le", auto_now_add=True)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,  # accounts are deactivated, never deleted: authorship stays known
        related_name="+",
        verbose_name="enregistré par",
    )

    class Meta:
        abstract = True


class Versioned(models.Model):
    """A record people edit: its `version` grows by one at every save, and the save is a
    compare-and-swap (`UPDATE … WHERE pk = … AND version = <the version read>`): a row changed by
    someone else since it was read is never overwritten, the save raises `ConflitDeVersion`
    (answered 412 by the API, a form error in the admin). Services lock the row
    (`select_for_update`) before changing it, so under them the swap always succeeds; it guards every
    other path. `QuerySet.update()` bypasses `save()`: it must set `version=F("version") + 1`."""

    version = models.PositiveIntegerField("version", default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding or self.pk is None:
            return super().save(*args, **kwargs)
        lue = self.version
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "version"}
        self.version = lue + 1
        self._version_lue = lue
        try:
            return super().save(*args, **kwargs)
        except BaseException:
            self.version = lue
            raise
        finally:
            del self._version_lue

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        lue = getattr(self, "_version_lue", None)
        if lue is None:
            return super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)
        if super()._do_update(
            base_qs.filter(version=lue), using, pk_val, values, update_fields, forced_update
        ):
            return True
        if base_qs.filter(pk=pk_val).exists():
            raise ConflitDeVersion()
        return False


class FollowsPersonCommune(models.Model):
    """A record scoped by its person's **current** commune (`usager`), carrying that commune on
    its own row so that a commune's list is one index range, with no join to `usagers_usager`
    (docs/PERFORMANCE.md, figure 1). Never edited directly: set from the person at creation, then
    kept in step in the transaction that moves the person (`Usager.save`, for every model using
    this mixin) or merges her (`usagers.services.usager_fusionner`) and, on PostgreSQL, by a
    composite foreign key (created by each app's migration, e.g. `logement/migrations/0011`)
    `(usager_id, commune_actuelle_id) → usagers_usager (id, commune_id) ON UPDATE CASCADE` that no
    path can bypass. It is not exposed: the person's commune is read on the person."""

    commune_actuelle = models.ForeignKey(
        "communes.Commune",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        db_index=False,  # served by the model's (commune_actuelle, <ordering>) index
        verbose_name="commune actuelle de l'usager",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding or self.pk is None:
            # Read in the database, never on `self.usager`: a copy of the person read before she
            # moved would give her former commune (refused on PostgreSQL by the composite key).
            personnes = self._meta.get_field("usager").related_model._base_manager
            self.commune_actuelle_id = (
                personnes.filter(pk=self.usager_id).values_list("commune_id", flat=True).first()
            )
        elif kwargs.get("update_fields") is None:
            # Written at creation only: a copy read before the person moved never writes her former
            # commune back (the move changes no field people edit, so it keeps the version).
            ecartes = {"commune_actuelle", *self.get_deferred_fields()}
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in ecartes and f.attname not in ecartes
            ]
        return super().save(*args, **kwargs)
