"""The database table behind the "throttle" cache when Redis is not configured.

Request-rate counters must be shared by every worker and server (a per-process counter lets
four workers allow four times the limit). Django makes such a table with `createcachetable`;
running it here means `equityhub migrate` is the only deployment step. It does nothing for
caches that are not in the database, and nothing when the table is already there.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_scheduledjobrun")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
