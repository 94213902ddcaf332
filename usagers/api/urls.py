from rest_framework.routers import SimpleRouter

from usagers.api.views import UsagerViewSet

router = SimpleRouter()
router.register("usagers", UsagerViewSet, basename="usager")

urlpatterns = router.urls
