
import sys
import unicodedata

from . import BibliographySource, Reference
from . import Name, Date, DateRange, LiteralDate
from ..string import String, MixedString, NoCase
from .. import NAMES, DATES
from ...dates import read_csl_date  # Memoria fork: see parse_date


class CiteProcJSON(BibliographySource):
    def __init__(self, json_data):
        for ref in json_data:
            ref_data = {}
            ref_type = 'article'  # Memoria fork: an item without a type (CSL-JSON requires one)
            for key, value in ref.items():
                python_key = key.replace('-', '_')
                if python_key == 'id':
                    ref_key = str(value).lower()
                    continue
                elif python_key == 'type':
                    ref_type = value
                    continue
                elif python_key == 'key':
                    # conflicts with the ref_key, so ignore
                    continue
                if python_key == 'shortTitle':
                    python_key = 'title_short'
                # Memoria fork: Zotero's CSL-JSON name of container-title-short
                # (which wins when the item has both)
                elif python_key == 'journalAbbreviation':
                    if 'container-title-short' in ref:
                        continue
                    python_key = 'container_title_short'

                if python_key in NAMES:
                    value = self.parse_names(value)
                elif python_key in DATES:
                    value = self.parse_date(value)
                elif key not in ('language', ):
                    value = self.parse_string(value)

                ref_data[python_key] = value
            self.add(Reference(ref_key, ref_type, **ref_data))

    start_tag = '<span class="nocase">'
    end_tag = '</span>'

    def parse_string(self, string):
        string = str(string)
        lower_string = string.lower()
        end = 0
        output = MixedString()
        try:
            while True:
                start = lower_string.index(self.start_tag, end)
                regular = string[end:start]
                if regular:
                    output += String(regular)
                end = lower_string.index(self.end_tag, start + 1)
                start += len(self.start_tag)
                no_case = string[start:end]
                output += NoCase(no_case)
                end += len(self.end_tag)
        except ValueError:
            regular = string[end:]
            if regular:
                output += String(regular)
        return output

    def parse_names(self, json_data):
        names = []
        for name_data in json_data:
            name = Name(**name_data)
            names.append(name)
        return names

    def parse_date(self, json_data):
        # Memoria fork: the date value read by memoria.csl.dates (empty and
        # invalid parts dropped, months 13-24 as seasons, raw dates), not
        # taken part by part as it came
        if not isinstance(json_data, dict):
            return None
        value = read_csl_date(json_data)
        if value is None:
            return None
        if value.literal is not None:
            return LiteralDate(value.literal, circa=value.circa)
        if len(value.dates) == 1:
            return Date(circa=value.circa, **value.dates[0])
        return DateRange(begin=Date(**value.dates[0]),
                         end=Date(**value.dates[1]), circa=value.circa)
