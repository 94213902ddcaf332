from rest_framework.routers import SimpleRouter

from communes.api.views import CommuneViewSet

router = SimpleRouter()
router.register("communes", CommuneViewSet, basename="commune")

urlpatterns = router.urls
