"""ISO code lists the model validates against, kept as plain data.

Embedded (rather than depending on pycountry at runtime) so that validating a
country or language code costs a set lookup and no import. Generated from
pycountry 26.2.16 (ISO 3166-1 and ISO 639-1).
"""

from __future__ import annotations

import re

__all__ = ["COUNTRY_CODES", "LANGUAGE_CODES", "check_language_tag"]

COUNTRY_CODES: frozenset[str] = frozenset(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS
    BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE
    EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM
    HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC
    LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA
    NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
    SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO
    TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
    """.split()  # noqa: SIM905 - compact data
)

LANGUAGE_CODES: frozenset[str] = frozenset(
    """
    aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de
    dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia
    id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo
    lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl
    ps pt qu rm rn ro ru rw sa sc sd se sg sh si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti
    tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
    """.split()  # noqa: SIM905 - compact data
)

# RFC 5646 well-formedness for the common shapes: language, script, region, variants.
_TAG_RE = re.compile(
    r"(?P<lang>[a-zA-Z]{2,3}|[a-zA-Z]{5,8})"
    r"(?:-[a-zA-Z]{4})?"
    r"(?:-(?:[a-zA-Z]{2}|\d{3}))?"
    r"(?:-(?:[a-zA-Z0-9]{5,8}|\d[a-zA-Z0-9]{3}))*"
)


def check_language_tag(tag: str) -> str | None:
    """Return why ``tag`` is not a usable BCP 47 language tag, else ``None``."""
    match = _TAG_RE.fullmatch(tag)
    if match is None:
        return f"{tag!r} is not a well-formed BCP 47 language tag"
    lang = match["lang"].lower()
    if len(lang) == 2 and lang not in LANGUAGE_CODES:
        return f"{tag!r}: {lang!r} is not an ISO 639-1 language code"
    if len(lang) > 3:  # 5-8 letter language subtags are reserved; none is registered
        return f"{tag!r}: {lang!r} is not a language code (use ISO 639, e.g. 'en')"
    return None
