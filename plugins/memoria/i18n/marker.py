"""``N_("People")``: marks a string in Python code for translation where it is shown.

The string itself is returned unchanged; a template translates it with ``_(...)`` in the page's
language, and ``invoke translations`` finds it in the code through this marker.
"""


def N_(message: str) -> str:
    return message
