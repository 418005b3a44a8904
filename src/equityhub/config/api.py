"""The JSON API (django-ninja). Each app adds its router here; OpenAPI at /api/openapi.json."""

from functools import partial

from ninja.errors import AuthenticationError

from equityhub.config.api_errors import DeclaredErrorsAPI, unauthorised
from equityhub.core.throttle import ApiThrottle
from equityhub.indicators.api import router as indicators_router
from equityhub.learning.api import router as learning_router
from equityhub.people.api import router as people_router

api = DeclaredErrorsAPI(
    title="Equity Hub API",
    version="1",
    description=(
        "Read and submit Equity Hub data. Private data needs a signed-in session or a token."
    ),
    urls_namespace="api",
    # Each key, signed-in person or anonymous address: API_THROTTLE_RATE, then 429.
    throttle=[ApiThrottle()],
)
api.add_router("/people/", people_router)
api.add_router("/indicators/", indicators_router)
api.add_router("/learning/", learning_router)
api.add_exception_handler(AuthenticationError, partial(unauthorised, api=api))
