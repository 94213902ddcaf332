from rest_framework.routers import SimpleRouter

from journal.api.views import EntreeJournalViewSet

router = SimpleRouter()
router.register("journal", EntreeJournalViewSet, basename="journal")

urlpatterns = router.urls
