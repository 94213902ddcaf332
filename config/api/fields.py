from rest_framework import serializers


class DateHeureField(serializers.DateTimeField):
    """A date-time that answers 400, not 500, when it cannot be converted (e.g. year 1 in Paris)."""

    def enforce_timezone(self, value):
        try:
            return super().enforce_timezone(value)
        except OverflowError:
            self.fail("overflow")
