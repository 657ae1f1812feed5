"""Seat names as people shorten them: county and city short forms ('Notts', 'Herts', 'Manc'),
the first letters of each word ('north shrop'), and a one-letter slip ('gainsbrough').

Each reading is taken only when it points at one seat; the answer then says how the name was
taken ("Taking 'north shrop' to mean North Shropshire").
"""

from __future__ import annotations

from itertools import product

from rapidfuzz.distance import Levenshtein

from bot.text import fold_place
from bot.understand.names import STOPWORDS, Match, NameIndex

# Short forms of counties and cities, with what each can stand for in a seat's name (likelier first).
SHORT_FORMS: dict[str, tuple[str, ...]] = {
    "notts": ("nottingham", "nottinghamshire"),
    "nottm": ("nottingham",),
    "leics": ("leicestershire", "leicester"),
    "herts": ("hertfordshire", "hertford"),
    "cambs": ("cambridgeshire", "cambridge"),
    "glos": ("gloucestershire", "gloucester"),
    "gloucs": ("gloucestershire", "gloucester"),
    "lincs": ("lincolnshire", "lincoln"),
    "hants": ("hampshire",),
    "oxon": ("oxfordshire", "oxford"),
    "staffs": ("staffordshire", "stafford"),
    "worcs": ("worcestershire", "worcester"),
    "yorks": ("yorkshire",),
    "manc": ("manchester",),
    "mcr": ("manchester",),
    "beds": ("bedfordshire", "bedford"),
    "bucks": ("buckinghamshire", "buckingham"),
    "berks": ("berkshire",),
    "wilts": ("wiltshire",),
    "northants": ("northamptonshire", "northampton"),
    "derbys": ("derbyshire",),
    "lancs": ("lancashire", "lancaster"),
    "salop": ("shropshire",),
    "shrops": ("shropshire",),
    "warks": ("warwickshire", "warwick"),
    "warwicks": ("warwickshire",),
    "hunts": ("huntingdon", "huntingdonshire"),
    "herefs": ("herefordshire", "hereford"),
    "northumb": ("northumberland",),
    "middx": ("middlesex",),
    "bham": ("birmingham",),
    "brum": ("birmingham",),
    "soton": ("southampton",),
    "pompey": ("portsmouth",),
    "edin": ("edinburgh",),
    "hudds": ("huddersfield",),
    "gtr": ("greater",),
    "mids": ("midlands",),
}
MIN_PREFIX = 3  # 'north shrop': each shortened word keeps at least this many letters


def expansions(folded: str) -> list[str]:
    """Every reading of the short forms in a folded name, likelier first ('notts east' ->
    'nottingham east', 'nottinghamshire east'); [] when there is none."""
    words = folded.split()
    if not any(w in SHORT_FORMS for w in words):
        return []
    options = [SHORT_FORMS.get(w, (w,)) for w in words]
    return [" ".join(choice) for choice in list(product(*options))[:16]]


def _word_fits(said: str, word: str, slips: bool) -> bool:
    """A typed word stands for a name's word: cut short ('shrop'), or, with `slips`, one letter
    off in full or cut short ('somerst', 'hastngs')."""
    if len(said) >= MIN_PREFIX and word.startswith(said):
        return True
    if not slips or len(said) < 5:
        return False
    return any(
        Levenshtein.distance(said, word[:size], score_cutoff=1) <= 1
        for size in (len(said) - 1, len(said), len(said) + 1)
    )


def _by_prefix(folded: str, index: NameIndex[str], slips: bool = False) -> set[str]:
    """Seats whose name begins with these words, each typed in full or cut short."""
    typed = [w for w in folded.split() if w not in STOPWORDS]  # 'and' may be lost on the way
    if sum(len(w) for w in typed) < 6 or len(typed) > 6:
        return set()
    found: set[str] = set()
    for name, items in index.exact.items():
        words = [w for w in name.split() if w not in STOPWORDS]
        if len(words) < len(typed):
            continue
        cut = False
        for said, word in zip(typed, words, strict=False):
            if said == word:
                continue
            if not _word_fits(said, word, slips):
                break
            cut = True
        else:
            if cut or len(words) > len(typed):  # 'north shrop'; 'oxford west' (and Abingdon)
                found.update(items)
    return found


def _by_slip(folded: str, index: NameIndex[str]) -> set[str]:
    """Seats one letter away: a letter missing, extra, changed, or two swapped."""
    if len(folded) < 6:
        return set()
    found: set[str] = set()
    for name, items in index.exact.items():
        if abs(len(name) - len(folded)) > 1:
            continue
        if Levenshtein.distance(folded, name, score_cutoff=1) <= 1 or _swapped(folded, name):
            found.update(items)
    return found


def _swapped(a: str, b: str) -> bool:
    if len(a) != len(b):
        return False
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]


def read_short(query: str, now: NameIndex[str], every: NameIndex[str]) -> Match[str] | None:
    """One seat a shortened or slipped name stands for, at the election asked about (`now`), or
    among every name ever used (`every`); None when no reading points at exactly one."""
    folded = fold_place(query)
    if not folded:
        return None
    readings = expansions(folded)
    for index in (now, every):
        for reading in readings:
            if index is every and " " not in reading:
                continue  # 'herts' alone is the county's seats, not the old seat of Hertford
            exact = index.exact_match(reading)
            if exact.status == "found":
                return Match("found", exact.items, exact=False, reading=reading)
    # Slips only among the election's own seats: 'walford east' is not Salford East of 1992
    finders = ((now, _by_prefix), (now, _by_slip), (now, _slipped_prefix), (every, _by_prefix))
    for text in readings or [folded]:
        if readings and " " not in text:
            continue  # a county alone ('lancs') names its seats, not the one that starts with it
        for index, finder in finders:
            items = finder(text, index)
            if len(items) == 1:
                return Match("found", tuple(items), exact=False, reading=text)
            if items:
                return None  # several: the usual search offers them
    return None


def _slipped_prefix(folded: str, index: NameIndex[str]) -> set[str]:
    return _by_prefix(folded, index, slips=True)
