"""What Pacer knows about one warning sign, and the word groups several signs' patterns share."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_DISCLAIMER = (
    "General information from the club library, not a diagnosis or medical advice. If you are worried, get checked."
)


@dataclass(kw_only=True, frozen=True)
class Sign:
    name: str
    label: str  # what the member describes, in words ("chest pain or pressure")
    action: str  # the first thing to do, named for the sign
    why: str  # one sentence on why it matters
    urgent: bool  # add the emergency-number line
    patterns: tuple[str, ...]
    descriptions: tuple[str, ...]  # how members describe it, for the meaning check
    calm: tuple[str, ...] = ()  # patterns of the ordinary thing that shares the sign's words: they cancel it
    # Library ids really about this sign: shown after the warning when retrieval finds them, best first.
    evidence: tuple[str, ...] = ()
    # Library ids about some cases or stages of the sign (an ankle sprain guideline for acute injuries): shown only
    # when the question is close to them (at least `min_score`), so a knee that popped is not sent to ankles, and
    # as the answer only with a claim for what was asked.
    related: tuple[str, ...] = ()
    disclaimer: str = DEFAULT_DISCLAIMER


# A body part the bones of which runners stress-fracture.
BONE = r"(shin|shins|tibia|foot|feet|metatarsal\w*|bone|bones|heel|hip|femur|fibula|leg|legs|toe|ankle|pelvis|groin)"
PAIN = r"(pain\w*|hurt\w*|ache\w*|aching|sore\w*|tender\w*|throb\w*|agony)"
