"""Action 2.3 — équipe mobile EMAS (référencements et interventions).

Health data (RGPD art. 9), kept in its own compartment: only holders of the `emas`
grant read it. Its models arrive with the EMAS issue.
"""
