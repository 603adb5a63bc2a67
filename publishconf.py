"""Settings for publishing: absolute URLs and feeds.

Used by ``invoke publish`` and ``invoke preview``."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("MEMORIA_SITEURL", "https://memoria.example.org")
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
DELETE_OUTPUT_DIRECTORY = True
