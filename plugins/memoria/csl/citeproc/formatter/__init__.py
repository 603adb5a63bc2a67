
from . import plain, html, rst
