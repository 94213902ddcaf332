"""The yearly execution report of the pacte (art. 2.4 of the convention: to the Préfet, at the latest
three months after the end of the year): every action of annex 1, the financial statement with the
parity check (art. 2.3.2), each indicator with its target and attainment, the bilan global.

`contenu_du_rapport` gathers it once; three renderings, each written to a temporary file and
streamed: XLSX (XlsxWriter, `constant_memory`), ODT and ODS (odfdo, `indicateurs.opendocument`).
Every figure is a `Publication` of `indicateurs.resultats`: the same year's table and the same
suppression as the API. At the « etat » level (administrators) the métropole's yearly totals are
exact; every cell below them stays under the secret.
"""

import tempfile
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone
from odfdo import Document, Frame, Paragraph

from config.dispositifs import COMMUNE, MOIS, Indicateur
from config.formats import date_fr
from indicateurs.annexe import ActionDuPacte, actions_du_rapport
from indicateurs.exports import bloc_entete, classeur, reponse_fichier, texte_sur
from indicateurs.models import Avenant, ExecutionFinanciere, Financeur, Objectif, VersionBilan
from indicateurs.opendocument import ODS, ODT, reponse_document, table, tableur, texte, titre
from indicateurs.registre import indicateurs
from indicateurs.resultats import NIVEAUX, SOURCES, Publication, publier, regle_secret
from indicateurs.secret import seuil_secret

NON_SUIVIE = (
    "Action non suivie par cet outil : ses chiffres et son bilan sont à compléter par le service "
    "qui la conduit."
)


@dataclass
class LigneIndicateur:
    indicateur: Indicateur
    publications: list[Publication]  # by commune × month first, then each breakdown × month
    objectif: Objectif | None

    @property
    def principale(self) -> Publication:
        return self.publications[0]

    @property
    def resultat(self) -> int | None:
        total = self.principale.total()
        return None if total["secret"] else total["valeur"]

    @property
    def atteinte(self) -> float | None:
        """Result / target (1.0 = reached), when both are known."""
        if self.objectif is None or not self.objectif.valeur or self.resultat is None:
            return None
        return self.resultat / self.objectif.valeur


@dataclass
class Finances:
    prevu: int
    definitif: Decimal | None
    engage: Decimal
    depense: Decimal

    @property
    def retenu(self) -> Decimal:
        """The amount that counts: the final one when fixed, else the planned one."""
        return self.definitif if self.definitif is not None else Decimal(self.prevu)


@dataclass
class SectionAction:
    action: ActionDuPacte
    lignes: list[LigneIndicateur]
    finances: dict[str, Finances]
    bilan: str


@dataclass
class Rapport:
    annee: int
    source: str
    niveau: str
    extrait_le: object
    sections: list[SectionAction]
    bilan_global: str
    avenant: Avenant | None
    seuil: int = field(default_factory=seuil_secret)

    def total(self, financeur: str, attribut: str) -> Decimal:
        return sum((getattr(s.finances[financeur], attribut) for s in self.sections), Decimal(0))

    @property
    def part_etat(self) -> Decimal:
        return self.total(Financeur.ETAT, "retenu")

    @property
    def part_metropole(self) -> Decimal:
        """What the Métropole actually spent when recorded, else what it committed, else planned."""
        depense = self.total(Financeur.METROPOLE, "depense")
        if depense:
            return depense
        engage = self.total(Financeur.METROPOLE, "engage")
        return engage or self.total(Financeur.METROPOLE, "retenu")

    @property
    def parite_respectee(self) -> bool:
        return self.part_metropole >= self.part_etat

    def texte_parite(self) -> str:
        etat, metropole = _euros(self.part_etat), _euros(self.part_metropole)
        if self.parite_respectee:
            return (
                f"Parité des financements (art. 2.3.2) respectée : la Métropole consacre {metropole}, "
                f"l'État apporte {etat}."
            )
        return (
            f"PARITÉ NON RESPECTÉE (art. 2.3.2) : la Métropole consacre {metropole}, moins que les "
            f"{etat} apportés par l'État (écart : {_euros(self.part_etat - self.part_metropole)})."
        )


def _euros(montant) -> str:
    entier = f"{Decimal(montant):,.2f}".replace(",", " ").replace(".", ",")
    return f"{entier.removesuffix(',00')} €"


def finances_de_l_annee(annee: int, action: ActionDuPacte, lignes: dict) -> dict[str, Finances]:
    resultat = {}
    for financeur, prevu in (
        (Financeur.ETAT, action.budget_etat),
        (Financeur.METROPOLE, action.budget_metropole),
    ):
        execution = lignes.get((action.code, financeur))
        resultat[financeur] = Finances(
            prevu=prevu,
            definitif=execution.montant_definitif if execution else None,
            engage=execution.engage if execution else Decimal(0),
            depense=execution.depense if execution else Decimal(0),
        )
    return resultat


def parite_de_l_annee(annee: int) -> tuple[bool, str]:
    """The parity check of `annee` (for the supervisors' dashboard): (respected, sentence)."""
    rapport = Rapport(annee, "live", "diffusion", None, _sections_financieres(annee), "", None)
    return rapport.parite_respectee, rapport.texte_parite()


def _sections_financieres(annee: int) -> list[SectionAction]:
    lignes = {(e.action, e.financeur): e for e in ExecutionFinanciere.objects.filter(annee=annee)}
    return [
        SectionAction(action, [], finances_de_l_annee(annee, action, lignes), "")
        for action in actions_du_rapport()
    ]


def _dernier_texte(annee: int) -> dict[str, str]:
    textes: dict[str, str] = {}
    for version in VersionBilan.objects.filter(annee=annee).order_by("action", "-quand", "-id"):
        textes.setdefault(version.action, version.texte)
    return textes


def contenu_du_rapport(*, user, annee: int, source: str = "live", niveau: str = "diffusion") -> Rapport:
    du, au = date(annee, 1, 1), date(annee, 12, 31)
    cubes: dict = {}
    objectifs = {o.indicateur: o for o in Objectif.objects.filter(annee=annee)}
    executions = {(e.action, e.financeur): e for e in ExecutionFinanciere.objects.filter(annee=annee)}
    textes = _dernier_texte(annee)
    extrait_le = timezone.now()
    sections = []
    for action in actions_du_rapport():
        lignes = []
        for ind in (i for i in indicateurs() if i.action == action.code):

            def lire(par: list[str], ind=ind) -> Publication:
                return publier(
                    user=user,
                    indicateur=ind,
                    du=du,
                    au=au,
                    par=par,
                    source=source,
                    niveau=niveau,
                    cubes=cubes,
                )

            publications = [lire([COMMUNE, MOIS]), *(lire([v.code, MOIS]) for v in ind.ventilations)]
            extrait_le = publications[0].extrait_le
            lignes.append(LigneIndicateur(ind, publications, objectifs.get(ind.id)))
        sections.append(
            SectionAction(
                action, lignes, finances_de_l_annee(annee, action, executions), textes.get(action.code, "")
            )
        )
    return Rapport(
        annee=annee,
        source=source,
        niveau=niveau,
        extrait_le=extrait_le,
        sections=sections,
        bilan_global=textes.get("", ""),
        avenant=Avenant.objects.filter(annee=annee).first(),
    )


def _entete(rapport: Rapport) -> list[str]:
    lignes = [
        f"Pacte de solidarité — rapport d'exécution {rapport.annee}",
        f"Période : du {date_fr(date(rapport.annee, 1, 1))} au {date_fr(date(rapport.annee, 12, 31))}",
        f"Source : {SOURCES[rapport.source]} ; niveau : {NIVEAUX[rapport.niveau]}",
        f"Extraction : {timezone.localtime(rapport.extrait_le):%d/%m/%Y %H:%M} (heure de Paris)",
        regle_secret(rapport.seuil, rapport.niveau),
    ]
    if rapport.avenant:
        lignes.append(
            f"Avenant financier {rapport.avenant.reference} du {date_fr(rapport.avenant.date)} "
            "(montants définitifs de l'État)."
        )
    return lignes


def _valeur_texte(case: dict) -> str:
    return "secret" if case["secret"] else str(case["valeur"])


def _atteinte_texte(ligne: LigneIndicateur) -> str:
    if ligne.objectif is None:
        return "—"
    if ligne.atteinte is None:
        return "non calculable (résultat couvert par le secret)"
    return f"{ligne.atteinte:.0%}".replace("%", " %")


def _lignes_synthese(rapport: Rapport) -> list[list]:
    """Action, indicator, result, target, attainment, credits State / Métropole (planned)."""
    rangees: list[list] = [
        [
            "Action",
            "Indicateur",
            f"Résultat {rapport.annee}",
            "Objectif",
            "Atteinte",
            "Crédits État prévus (€)",
            "Crédits Métropole prévus (€)",
        ]
    ]
    for section in rapport.sections:
        a = section.action
        rangees.append([a.code, a.titre_complet, None, None, None, a.budget_etat, a.budget_metropole])
        if not a.suivie:
            rangees.append(["", NON_SUIVIE, None, None, None, None, None])
        for ligne in section.lignes:
            total = ligne.principale.total()
            rangees.append(
                [
                    ligne.indicateur.id,
                    ligne.indicateur.libelle,
                    "secret" if total["secret"] else total["valeur"],
                    ligne.objectif.valeur if ligne.objectif else None,
                    _atteinte_texte(ligne),
                    None,
                    None,
                ]
            )
    return rangees


def _nombre(montant) -> int | float | None:
    """A whole amount as an integer (70000, not 70000.0), cents kept otherwise."""
    if montant is None:
        return None
    montant = Decimal(montant)
    return int(montant) if montant == montant.to_integral_value() else float(montant)


def _lignes_finances(rapport: Rapport) -> list[list]:
    rangees: list[list] = [
        [
            "Action",
            "Financeur",
            "Prévu (annexe 1, €)",
            "Définitif, sinon prévu (€)",
            "Engagé (€)",
            "Dépensé (€)",
        ]
    ]
    for section in rapport.sections:
        for financeur, finances in section.finances.items():
            rangees.append(
                [
                    section.action.code,
                    Financeur(financeur).label,
                    finances.prevu,
                    _nombre(finances.retenu),
                    _nombre(finances.engage),
                    _nombre(finances.depense),
                ]
            )
    for financeur in Financeur:
        rangees.append(
            [
                "Total",
                financeur.label,
                _nombre(rapport.total(financeur, "prevu")),
                _nombre(rapport.total(financeur, "retenu")),
                _nombre(rapport.total(financeur, "engage")),
                _nombre(rapport.total(financeur, "depense")),
            ]
        )
    rangees.append([rapport.texte_parite()])
    return rangees


def _tableau_indicateur(publication: Publication) -> list[list]:
    t = publication.tableau
    titre = {COMMUNE: "Commune"}.get(t.lignes_dim) or publication.indicateur.ventilation(t.lignes_dim).libelle
    rangees: list[list] = [[titre, *t.colonnes, "Total"]]
    for i, code in enumerate([*t.lignes, None]):
        nom = "Total" if code is None else t.libelles[t.lignes_dim].get(code, code)
        rangees.append([nom, *(_case(publication.case(i, j)) for j in range(len(t.colonnes) + 1))])
    return rangees


def _case(case: dict):
    return "secret" if case["secret"] else case["valeur"]


# --- SVG charts (no plotting library: a polyline per indicator, suppressed months are gaps) -------

COULEURS = ("#000091", "#e1000f", "#18753c", "#b34000", "#6a6af4", "#009081")


def graphique_svg(section: SectionAction, annee: int) -> bytes:
    largeur, hauteur, marge = 640, 260, 40
    series = []
    for ligne in section.lignes:
        p = ligne.principale
        nb = len(p.tableau.lignes)
        series.append((ligne.indicateur.id, [p.case(nb, m) for m in range(len(p.tableau.colonnes))]))
    maximum = max((c["valeur"] or 0 for _, cases in series for c in cases if not c["secret"]), default=0) or 1
    pas = (largeur - 2 * marge) / 11

    def x(m: int) -> float:
        return marge + m * pas

    def y(v: int) -> float:
        return hauteur - marge - (hauteur - 2 * marge) * v / maximum

    bas = hauteur - marge
    elements = [
        f'<line x1="{marge}" y1="{bas}" x2="{largeur - marge}" y2="{bas}" stroke="#333"/>',
        f'<line x1="{marge}" y1="{marge}" x2="{marge}" y2="{hauteur - marge}" stroke="#333"/>',
        f'<text x="{marge - 6}" y="{marge + 4}" font-size="11" text-anchor="end">{maximum}</text>',
        f'<text x="{marge - 6}" y="{hauteur - marge + 4}" font-size="11" text-anchor="end">0</text>',
    ]
    for m in range(12):
        elements.append(
            f'<text x="{x(m):.1f}" y="{bas + 16}" font-size="10" text-anchor="middle">{m + 1:02d}</text>'
        )
    for n, (identifiant, cases) in enumerate(series):
        couleur = COULEURS[n % len(COULEURS)]
        troncon: list[str] = []
        for m, case in enumerate([*cases, {"secret": True}]):
            if case["secret"]:
                if len(troncon) > 1:
                    points = " ".join(troncon)
                    elements.append(
                        f'<polyline fill="none" stroke="{couleur}" stroke-width="2" points="{points}"/>'
                    )
                troncon = []
                continue
            troncon.append(f"{x(m):.1f},{y(case['valeur']):.1f}")
            elements.append(f'<circle cx="{x(m):.1f}" cy="{y(case["valeur"]):.1f}" r="3" fill="{couleur}"/>')
        elements.append(
            f'<text x="{largeur - marge + 4 - 150}" y="{14 + 14 * n}" font-size="11" fill="{couleur}">'
            f"{_xml(identifiant)}</text>"
        )
    titre = f"Action {section.action.code} — par mois, {annee} (mois masqués : interruptions)"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{largeur}" height="{hauteur}" '
        f'viewBox="0 0 {largeur} {hauteur}"><title>{_xml(titre)}</title>{"".join(elements)}</svg>'
    ).encode()


def _xml(texte: str) -> str:
    return texte.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


# --- ODT --------------------------------------------------------------------------------------


def _odt(rapport: Rapport) -> Document:
    document = texte()
    corps = document.body
    entete = _entete(rapport)
    corps.append(titre(1, entete[0]))
    for ligne in entete[1:]:
        corps.append(Paragraph(ligne))
    corps.append(titre(2, "Synthèse : résultats, objectifs et crédits prévus"))
    corps.append(table("Synthèse", _lignes_synthese(rapport), [2.6, 6.4, 1.6, 1.5, 1.9, 1.5, 1.5], document))
    corps.append(titre(2, "Bilan financier des actions"))
    corps.append(Paragraph(rapport.texte_parite()))
    corps.append(table("Bilan financier", _lignes_finances(rapport)[:-1], [2, 3.5, 3, 3, 3, 3], document))
    corps.append(titre(2, "Bilan global"))
    for paragraphe in (rapport.bilan_global or "À rédiger.").split("\n"):
        corps.append(Paragraph(paragraphe))
    with tempfile.TemporaryDirectory() as dossier:
        for n, section in enumerate(rapport.sections):
            corps.append(titre(2, section.action.titre_complet))
            if section.action.fiche:
                corps.append(Paragraph(f"Fiche action : {section.action.fiche}"))
            if not section.action.suivie:
                corps.append(Paragraph(NON_SUIVIE))
            corps.append(Paragraph(f"Bilan : {section.bilan or 'à rédiger.'}"))
            if section.lignes:
                chemin = f"{dossier}/graphique_{n}.svg"
                with open(chemin, "wb") as fichier:
                    fichier.write(graphique_svg(section, rapport.annee))
                uri = document.add_file(chemin)
                image = Paragraph("")
                image.append(Frame.image_frame(uri, size=("16cm", "6.5cm"), anchor_type="as-char"))
                corps.append(image)
            for ligne in section.lignes:
                ind = ligne.indicateur
                corps.append(titre(3, f"{ind.id} — {ind.libelle}"))
                corps.append(Paragraph(ind.regle))
                objectif = (
                    f"Objectif : {ligne.objectif.valeur} {ligne.objectif.precision}".strip()
                    if ligne.objectif
                    else "Objectif : non fixé"
                )
                corps.append(
                    Paragraph(
                        f"Résultat : {_valeur_texte(ligne.principale.total())} ; {objectif} ; "
                        f"atteinte : {_atteinte_texte(ligne)}."
                    )
                )
                for publication in ligne.publications:
                    rangees = _tableau_indicateur(publication)
                    mois = len(rangees[0]) - 2
                    corps.append(table(ind.id, rangees, [3.0, *([1.0] * mois), 1.2], document))
    return document


def _ods(rapport: Rapport) -> Document:
    feuilles = [
        ("Synthèse", [[ligne] for ligne in _entete(rapport)] + [[]] + _lignes_synthese(rapport)),
        ("Bilan financier", _lignes_finances(rapport)),
        (
            "Bilan global",
            [["Action", "Texte"], ["Ensemble", rapport.bilan_global]]
            + [[s.action.code, s.bilan] for s in rapport.sections],
        ),
    ]
    for section in rapport.sections:
        if not section.lignes:
            continue
        rangees: list[list] = [[section.action.titre_complet]]
        for ligne in section.lignes:
            rangees += [[], [f"{ligne.indicateur.id} — {ligne.indicateur.libelle}"], [ligne.indicateur.regle]]
            for publication in ligne.publications:
                rangees += _tableau_indicateur(publication) + [[]]
        feuilles.append((f"Action {section.action.code}", rangees))
    return tableur(feuilles)


# --- XLSX -------------------------------------------------------------------------------------


def _ecrire(feuille, rangee: int, valeurs: list, formats: dict, gras: bool = False) -> None:
    for j, valeur in enumerate(valeurs):
        if valeur is None:
            continue
        if valeur == "secret":
            feuille.write_string(rangee, j, "secret", formats["secret"])
        elif isinstance(valeur, int | float | Decimal):
            feuille.write_number(rangee, j, float(valeur), formats["gras"] if gras else None)
        else:
            feuille.write_string(rangee, j, texte_sur(valeur), formats["gras"] if gras else None)


def _xlsx(rapport: Rapport, chemin: str) -> None:
    wb = classeur(chemin)
    formats = {
        "gras": wb.add_format({"bold": True}),
        "entete": wb.add_format({"bold": True, "bottom": 1}),
        "secret": wb.add_format({"italic": True, "font_color": "#777777"}),
    }
    du, au = date(rapport.annee, 1, 1), date(rapport.annee, 12, 31)
    entete = _entete(rapport)
    synthese = wb.add_worksheet("Synthèse")
    synthese.set_column(0, 0, 22)
    synthese.set_column(1, 1, 70)
    synthese.set_column(2, 6, 18)
    rangee = bloc_entete(
        synthese, formats["gras"], entete[0], du, au, rapport.source, rapport.extrait_le, entete[4:]
    )
    lignes = _lignes_synthese(rapport)
    _ecrire(synthese, rangee, lignes[0], formats, gras=True)
    synthese.freeze_panes(rangee + 1, 0)
    for valeurs in lignes[1:]:
        rangee += 1
        _ecrire(
            synthese, rangee, valeurs, formats, gras=valeurs[0] in {s.action.code for s in rapport.sections}
        )
    # Monthly series of every indicator (column totals of the commune × month tables), then charts.
    rangee += 2
    synthese.write_string(rangee, 0, "Série mensuelle", formats["gras"])
    rangee += 1
    toutes = [ligne for s in rapport.sections for ligne in s.lignes]
    synthese.write_string(rangee, 0, "Mois", formats["entete"])
    for j, ligne in enumerate(toutes, start=1):
        synthese.write_string(rangee, j, ligne.indicateur.id, formats["entete"])
    premiere = rangee + 1
    for m in range(12):
        rangee += 1
        synthese.write_string(rangee, 0, f"{rapport.annee:04d}-{m + 1:02d}")
        for j, ligne in enumerate(toutes, start=1):
            p = ligne.principale
            case = p.case(len(p.tableau.lignes), m)
            if not case["secret"]:  # suppressed months are left empty: the chart shows a gap
                synthese.write_number(rangee, j, case["valeur"])
    position = premiere - 2
    for section in rapport.sections:
        colonnes = [j for j, ligne in enumerate(toutes, start=1) if ligne in section.lignes]
        if not colonnes:
            continue
        graphique = wb.add_chart({"type": "line"})
        for j in colonnes:
            graphique.add_series(
                {
                    "name": ["Synthèse", premiere - 1, j],
                    "categories": ["Synthèse", premiere, 0, premiere + 11, 0],
                    "values": ["Synthèse", premiere, j, premiere + 11, j],
                    "marker": {"type": "circle"},
                }
            )
        graphique.set_title({"name": f"Action {section.action.code} — par mois, {rapport.annee}"})
        graphique.set_y_axis({"name": "effectif", "min": 0})
        graphique.show_blanks_as("gap")
        synthese.insert_chart(position, len(toutes) + 2, graphique, {"x_scale": 1.4, "y_scale": 1.0})
        position += 16

    finances = wb.add_worksheet("Bilan financier")
    finances.set_column(0, 1, 18)
    finances.set_column(2, 5, 20)
    for i, valeurs in enumerate(_lignes_finances(rapport)):
        _ecrire(finances, i, valeurs, formats, gras=i == 0)

    bilan = wb.add_worksheet("Bilan global")
    bilan.set_column(1, 1, 120)
    _ecrire(bilan, 0, ["Action", "Texte"], formats, gras=True)
    _ecrire(bilan, 1, ["Ensemble", rapport.bilan_global or "À rédiger."], formats)
    for i, section in enumerate(rapport.sections, start=2):
        _ecrire(bilan, i, [section.action.code, section.bilan or "À rédiger."], formats)

    for section in rapport.sections:
        if not section.lignes:
            continue
        feuille = wb.add_worksheet(f"Action {section.action.code}")
        feuille.set_column(0, 0, 32)
        rangee = bloc_entete(
            feuille,
            formats["gras"],
            section.action.titre_complet,
            du,
            au,
            rapport.source,
            rapport.extrait_le,
            [regle_secret(rapport.seuil, rapport.niveau)],
        )
        for ligne in section.lignes:
            ind = ligne.indicateur
            feuille.write_string(rangee, 0, f"{ind.id} — {texte_sur(ind.libelle)}", formats["gras"])
            rangee += 1
            feuille.write_string(rangee, 0, texte_sur(ind.regle))
            rangee += 1
            for publication in ligne.publications:
                tableau = _tableau_indicateur(publication)
                _ecrire(feuille, rangee, tableau[0], formats, gras=True)
                for valeurs in tableau[1:]:
                    rangee += 1
                    _ecrire(feuille, rangee, valeurs, formats)
                rangee += 2
            rangee += 1
    wb.close()


def reponse_rapport(
    *, user, annee: int, source: str = "live", format: str = "xlsx", niveau: str = "diffusion"
):
    rapport = contenu_du_rapport(user=user, annee=annee, source=source, niveau=niveau)
    suffixe = "_etat" if niveau == "etat" else ""
    nom = f"rapport_execution_pacte_{annee}{suffixe}.{format}"
    if format == "odt":
        return reponse_document(_odt(rapport), nom, ODT)
    if format == "ods":
        return reponse_document(_ods(rapport), nom, ODS)
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as temporaire:
        _xlsx(rapport, temporaire.name)
        fichier = open(temporaire.name, "rb")  # noqa: SIM115 — streamed, closed by the response
    return reponse_fichier(fichier, nom)


__all__ = ["contenu_du_rapport", "graphique_svg", "parite_de_l_annee", "reponse_rapport"]
