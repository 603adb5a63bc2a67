
def preformat(text):
    return text


Italic = str
Oblique = str
Bold = str
Light = str
Underline = str
Superscript = str
Subscript = str
SmallCaps = str
