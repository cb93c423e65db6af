"""How much one check reads at most. A module of its own, without imports: the command line
states these limits in its help before it loads the reader."""
from __future__ import annotations

MAX_PAGES = 3000  # a file of more pages is no disclosure (refused as too large)
MAX_OCR_PAGES = 100  # pages read by OCR in one check by default (~1–6 s a page): a bound on time
