import gc
import os

from django.core.wsgi import get_wsgi_application

from duban.cli import env_file_load

env_file_load()  # a .env beside the code, if any; the process environment wins
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
application = get_wsgi_application()

# Everything loaded so far lives for the whole process: moving it out of the collector's reach keeps full
# collections short (they set the pages' p95, see docs/scaling.md). Each gunicorn worker imports this module
# after forking (no --preload), so each freezes its own start-up objects; nothing is shared between workers.
gc.freeze()
