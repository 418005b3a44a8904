"""Every page of learning, under /learning/: each feature lists its own (`learning:<name>`)."""

from equityhub.learning.buddying import urls as buddying_urls
from equityhub.learning.calendar import urls as calendar_urls
from equityhub.learning.collaboratives import urls as collaboratives_urls
from equityhub.learning.communities import urls as communities_urls
from equityhub.learning.events import urls as events_urls
from equityhub.learning.groups import urls as groups_urls
from equityhub.learning.meetings import urls as meetings_urls
from equityhub.learning.pilots import urls as pilots_urls
from equityhub.learning.programme import urls as programme_urls
from equityhub.learning.sets import urls as sets_urls
from equityhub.learning.visits import urls as visits_urls

app_name = "learning"

urlpatterns = [
    *sets_urls.urlpatterns,
    *programme_urls.urlpatterns,
    *meetings_urls.urlpatterns,
    *calendar_urls.urlpatterns,
    *pilots_urls.urlpatterns,
    *communities_urls.urlpatterns,
    *events_urls.urlpatterns,
    *buddying_urls.urlpatterns,
    *groups_urls.urlpatterns,
    *visits_urls.urlpatterns,
    *collaboratives_urls.urlpatterns,
]
