from rest_framework.routers import SimpleRouter

from orientations.api.views import OrientationViewSet

router = SimpleRouter()
router.register("orientations", OrientationViewSet, basename="orientation")

urlpatterns = router.urls
