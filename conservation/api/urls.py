from rest_framework.routers import SimpleRouter

from conservation.api.views import DonneesPersonnellesViewSet

router = SimpleRouter()
router.register("donnees-personnelles", DonneesPersonnellesViewSet, basename="donnees-personnelles")

urlpatterns = router.urls
