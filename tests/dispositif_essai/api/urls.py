from rest_framework.routers import SimpleRouter

from tests.dispositif_essai.api.views import VisiteViewSet

router = SimpleRouter()
router.register("essai/visites", VisiteViewSet, basename="essai-visite")

urlpatterns = router.urls
