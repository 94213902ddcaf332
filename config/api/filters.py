import django_filters
from django import forms

from config.api.fields import ID_MAX


class IdentifiantFilter(django_filters.Filter):
    """An id: a whole number within the database's range (a huge number is refused, not sent to SQL)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(*args, **kwargs)
