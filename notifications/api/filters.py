from config.api.filters import BooleenFilter, ChoixFilter, FiltresNommes
from notifications.models import Notification, types_de_rappel


class NotificationFilter(FiltresNommes):
    type = ChoixFilter(choices=types_de_rappel())
    lue = BooleenFilter(
        field_name="lue_le", lookup_expr="isnull", exclude=True, label="lue (true) ou non lue (false)"
    )

    class Meta:
        model = Notification
        fields = ["type", "lue"]
