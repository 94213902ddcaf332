"""What the EMAS team accepts as the target of an orientation (`config.dispositifs.AccueilOrientation`):
a referral waiting for its decision. No outcome is declared: the orienting agent, outside the
compartment, learns that the orientation was received and nothing more (no decision, no follow-up,
no date)."""

from config.dispositifs import AccueilOrientation

ACCUEIL_EMAS = AccueilOrientation(
    recevoir="emas.services.signalement_recevoir",
    issue=None,
    libelle="Équipe mobile EMAS : signalement soumis à la décision de l'équipe",
)
