import os

from django.core.asgi import get_asgi_application

from duban.cli import env_file_load

env_file_load()  # a .env beside the code, if any; the process environment wins
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
application = get_asgi_application()
