"""Who asked against who was studied: a plain sentence when the evidence's people differ from the member.

The question names a group ("58", "15 yo", "pregnant", "already have arthritis", "just started running");
the summary's `population` says who was studied. When the group is not among them, the answer says so. A few
populations deserve a word whoever asks (military recruits are not recreational runners).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.warning_signs import normalise


@dataclass(kw_only=True, frozen=True)
class Group:
    asks: str  # what the question is about, in words ("a child or a teenager")
    not_studied: str  # the plain words for "this group was not among the people studied"
    asked: str  # pattern over the normalised question
    studied: str  # pattern over the normalised population: the group was among those studied


GROUPS: tuple[Group, ...] = (
    Group(
        asks="arthritis you already have",
        not_studied="the people studied did not have arthritis to start with",
        asked=r" (have|got|diagnosed with|living with|suffer from|with) (\w+ ){0,2}(arthritis|osteoarthritis|oa)"
        r"| (arthritic|my (\w+ ){0,2}(arthritis|osteoarthritis|oa))",
        studied=r" (with|had|having) (\w+ ){0,4}(arthritis|osteoarthritis) ",  # "with X-ray-defined osteoarthritis"
    ),
    Group(
        asks="pregnancy",
        not_studied="no pregnant women were studied",
        asked=r" (pregnan\w*|expecting|trimester|weeks along|postnatal|postpartum|post partum"
        r"|after (having )?(a |my )?baby)",
        studied=r" (pregnan\w*|postnatal|postpartum) ",
    ),
    Group(
        asks="a child or a teenager",
        not_studied="no children or teenagers were studied",
        asked=r" (my|our) (son|daughter|kid|kids|child|boy|girl|teen\w*)"
        r"| (1[0-7]|[5-9]) ?(yo|y o|yr old|year old|years old)"
        r"| (teen|teenager|teenage|adolescent|child|kid|junior|high school|school cross country|xc team)",
        studied=r" (adolescen\w*|teen\w*|child\w*|youth|young athletes|school|students|juniors?|aged 1[0-7]"
        r"|girls|boys) ",
    ),
    Group(
        asks="an older runner",
        not_studied="the people studied were not older runners",
        asked=r" ([5-9]\d) ?(yo|y o|yr old|year old|years old)| (i am|im|im now|aged|age) ([5-9]\d)\b"
        r"| in my ([5-9]0)s"
        r"| (masters|veteran|older) runner| (retired|pension\w*|grandparent|grandma|grandad)",
        studied=r" (older|masters|veteran|aged (over )?[5-9]\d|[5-9]\d years|elderly|middle aged|middle-aged) ",
    ),
    Group(
        asks="a beginner",
        not_studied="the people studied were not beginners",
        asked=r" (beginner|newbie|new runner|new to running|just (started|starting|begun|began) (running|to run)"
        r"|couch to 5k|c25k|first (ever )?run|started running (\w+ ){0,2}(weeks|months) ago)",
        studied=r" (novice|beginner|new runners|new to running|inactive|untrained|recreational) ",
    ),
)

_DENIED = re.compile(r" (not|no|never|isnt|arent|trying to get|trying to be|ttc)( \w+)? $")
_NOT_MILITARY = re.compile(r" (not|non)( \w+){0,2}? (recruit\w*|military|army|navy|soldier\w*)( \w+)?")
_MILITARY = re.compile(r" (recruit\w*|navy|army|soldier\w*|marines|military trainees|in the military) ")


def fit(question: str, population: str) -> str:
    """One plain sentence on how the people studied match the member, or '' when nothing needs saying."""
    asked = normalise(question)
    studied = normalise(population)
    for group in GROUPS:
        match = re.search(group.asked, asked)
        if match and _DENIED.search(asked[: match.start() + 1]):
            continue  # "no I am not pregnant", "trying to get pregnant": the member says it is not so
        if match and not re.search(group.studied, studied):
            return f"You ask about {group.asks}, but {group.not_studied}, so this may fit you less well."
    if _MILITARY.search(_NOT_MILITARY.sub(" ", studied)):  # "athletes (not military recruits)" were not
        return "The people studied were military recruits, not recreational runners, so this may fit you less well."
    return ""
