"""The test-only dispositif declares itself, like any other: nothing else names it."""

from config.dispositifs import Dispositif, Dossier, declare
from tests.dispositif_essai import rappels
from tests.dispositif_essai.indicateurs import VISITES
from tests.dispositif_essai.perms import ESSAI

ACTION_9_1 = declare(
    Dispositif(
        code=ESSAI,
        action="9.1",
        titre_action="Action 9.1 — dispositif d'essai",
        libelle="Action 9.1 — essai",
        role="Agent du dispositif d'essai (action 9.1)",
        dossiers=(Dossier("essai.Visite", dates=("date",), textes_libres=("note",)),),
        indicateurs=(VISITES,),
        rappels=(rappels.VISITE_A_RELIRE_REGLE,),
        types_de_rappel=(rappels.VISITE_A_RELIRE,),
        objets_rappeles=(rappels.OBJET_VISITE,),
        section="tests.dispositif_essai.dossier.sections",
        api="tests.dispositif_essai.api.urls",
        ressources=(("essai/visites", "essai-visite-list"),),
    )
)
