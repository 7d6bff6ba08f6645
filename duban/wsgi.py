import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
application = get_wsgi_application()

# Everything loaded so far lives for the whole process: moving it out of the collector's reach keeps full
# collections short (they set the pages' p95, see docs/scaling.md) and pre-forked workers sharing pages.
gc.freeze()
