"""The one definition of a Han (Chinese) character, for every module that tells Chinese text apart.

>>> bool(HAN.search("低空经济")), bool(HAN.search("x-road")), bool(HAN.search("㐀"))
(True, False, True)
"""

from __future__ import annotations

import re

#: CJK Unified Ideographs, Extension A and the Compatibility Ideographs, as a regex character-class body
HAN_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
#: one Han character
HAN = re.compile(f"[{HAN_RANGES}]")
