from django.utils.functional import SimpleLazyObject


def tableau_de_bord(request) -> dict:
    """`peut_lire_tableau_de_bord`: the admin index links the dashboard for its readers only."""
    from indicateurs.perms import peut_lire_indicateurs

    return {"peut_lire_tableau_de_bord": SimpleLazyObject(lambda: peut_lire_indicateurs(request.user))}
