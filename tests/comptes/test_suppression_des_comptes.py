"""An account a record names (référent, author, EMAS intervenant…) is deactivated, never deleted —
by the admin as by any other path — and the deletion page names none of the records: deleting a
team member once removed it from the interventions (the many-to-many rows went with the account,
the 2.3 counts by profession changed) and showed « Relations intervention-user: 1 »."""

import pytest
from django.db.models import ProtectedError

from comptes.models import User
from comptes.services import est_reference
from config import dispositifs as registre
from tests.comptes.factories import ClientNavigateur, UserFactory
from tests.emas.factories import intervention, membre, suivi
from tests.logement.factories import MesureASLLFactory
from tests.outils import sans_jeton_csrf
from tests.usagers.factories import DIJON, UsagerFactory

pytestmark = pytest.mark.django_db


def test_supprimer_un_membre_de_l_equipe_dans_l_admin_le_desactive_et_ne_nomme_rien():
    equipe, collegue = membre(DIJON), membre(DIJON)
    faite = intervention(equipe, suivi(equipe), intervenants=[equipe, collegue])
    navigateur = ClientNavigateur()
    navigateur.force_login(UserFactory(administrateur=True))
    url = f"/admin/comptes/user/{collegue.pk}/delete/"

    page = navigateur.get(url)
    reponse = navigateur.post(url, {"post": "yes"}, follow=True)

    assert page.status_code == 200
    texte = sans_jeton_csrf(page.content.decode()).lower()
    assert "intervention" not in texte and "emas" not in texte and "relation" not in texte
    assert reponse.status_code == 200
    assert "désactivé, pas supprimé" in reponse.content.decode()
    collegue.refresh_from_db()
    assert collegue.is_active is False
    assert set(faite.intervenants.values_list("pk", flat=True)) == {equipe.pk, collegue.pk}


def test_aucun_chemin_ne_supprime_un_compte_nomme_par_un_dossier():
    equipe = membre(DIJON)
    intervention(equipe, suivi(equipe))
    referente = MesureASLLFactory(usager=UsagerFactory(code_commune=DIJON)).referent

    for compte in (equipe, referente):
        with pytest.raises(ProtectedError):
            compte.delete()
        assert User.objects.filter(pk=compte.pk).exists()


def test_un_compte_que_rien_ne_nomme_se_supprime():
    compte = UserFactory()
    navigateur = ClientNavigateur()
    navigateur.force_login(UserFactory(administrateur=True))

    assert navigateur.post(f"/admin/comptes/user/{compte.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not User.objects.filter(pk=compte.pk).exists()


def test_chaque_relation_d_un_dossier_vers_un_compte_est_lue():
    """Every declared record's relation to an account (a new one included) is one `est_reference`
    reads: a foreign key `PROTECT` (the database and Django refuse) or a many-to-many (refused by
    `comptes.signaux`)."""
    relations = [
        (dossier.model, champ)
        for _d, dossier in registre.dossiers()
        for champ in dossier.model._meta.get_fields()
        if champ.is_relation and champ.concrete and champ.related_model is User
    ]
    assert any(champ.many_to_many for _m, champ in relations)
    for modele, champ in relations:
        if not champ.many_to_many:
            assert champ.remote_field.on_delete.__name__ == "PROTECT", f"{modele.__name__}.{champ.name}"
    assert not est_reference(UserFactory())
