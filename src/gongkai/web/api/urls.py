"""The api app's addresses, all under /api/ (names in the namespace `api`)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from gongkai.web.api import docs, tokens
from gongkai.web.api.agencies import AgencyList
from gongkai.web.api.applications import ApplicationViewSet
from gongkai.web.api.checks import CheckView
from gongkai.web.api.publications import PublicationViewSet
from gongkai.web.api.registers import CaseViewSet, DocumentViewSet
from gongkai.web.api.reports import ReportViewSet

app_name = "api"

router = SimpleRouter()
router.register("reports", ReportViewSet, basename="report")
router.register("applications", ApplicationViewSet, basename="application")
router.register("cases", CaseViewSet, basename="case")
router.register("documents", DocumentViewSet, basename="document")
router.register("publications", PublicationViewSet, basename="publication")

urlpatterns = [
    path("api/agencies/", AgencyList.as_view(), name="agencies"),
    path("api/checks/", CheckView.as_view(), name="checks"),
    path("api/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", docs.SwaggerDocs.as_view(), name="docs"),
    path("api/redoc/", docs.RedocDocs.as_view(), name="redoc"),
    path("api/docs/assets/<str:name>", docs.asset, name="docs-asset"),
    path("api/token/", tokens.token_page, name="token"),
]
