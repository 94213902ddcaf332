# The indicators' world of 2020 (persons, follow-ups, measures, situations) and its administrator.
from tests.indicateurs.conftest import administrateur, monde  # noqa: F401
