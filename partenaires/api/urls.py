from rest_framework.routers import SimpleRouter

from partenaires.api.views import PartenaireViewSet

router = SimpleRouter()
router.register("partenaires", PartenaireViewSet, basename="partenaire")

urlpatterns = router.urls
