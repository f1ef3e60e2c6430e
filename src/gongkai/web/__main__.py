"""`python -m gongkai.web makemigrations|migrate|…`: Django's management commands."""

import os
import sys

from django.core.management import execute_from_command_line

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
execute_from_command_line([f"{sys.executable} -m gongkai.web", *sys.argv[1:]])
