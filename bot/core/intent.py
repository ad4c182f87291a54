"""What a question asks for: treat, prevent, cause-risk, keep-running, dose, performance, what-is or safety.

Patterns over the question as typed (lower case, apostrophes dropped). A question may ask for more than one
thing ("should I ice and stretch my shin splints, and will it stop them coming back?"): `intents()` returns
every intent it finds, first the one asked for first, and `parts()` splits a compound question into the parts
that ask for different things. Measured against the real-question set's intent labels by `pacer eval`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.warning_signs import normalise

INTENTS = ("treat", "prevent", "cause-risk", "keep-running", "dose", "performance", "what-is", "safety")

# Checked in this order at each position; the first intent asked for leads. Patterns see normalised text.
_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        "keep-running",
        r" (can|could|should|shall) i (still |keep |continue |carry on )?(run|running|race|train|jog|do my|go for)"
        r"| (keep|carry on|continue) (to )?(run|running|training|jogging)| run (through|on) (it|the pain|this)"
        r"| (stop|quit|give up|take a break from|lay off|rest from) (running|training|jogging)"
        r"| (rest|time off|break) (or|vs|versus) (run|keep running|carry on)| (return|get back|come back|go back)"
        r" (to )?(running|training|run)| back (to )?running| when can i (run|start|race|train)"
        r"| how long (should|do|will) (i )?(rest|stay off|not run|wait|be out)| before i (can )?run again| run again"
        r"| start (running )?again| (make|makes|making) (it|them|things|my \w+) worse"
        r"| worse if i (keep|carry on|continue)| (should|do|shall) i (just )?rest| run anyway| (running|run) again"
        r"| give (\w+ )?running a (try|go)| how (long|soon) (until|till|til|before) (i|you) (can )?(run|race|train)",
    ),
    (
        "prevent",
        r" (prevent\w*|avoid\w*|stop (\w+ ){0,3}(from )?(com\w+ back|happen\w*|getting)|ward off|"
        r"injury free|(reduce|lower|cut)\w* (the |my )?(risk|chance)|so (i|you) (dont|do not|never) get|"
        r"keep (it|them) (from|away)|not get (it|injured|hurt) again)",
    ),
    (
        "dose",
        r" (how (much|many|often|long|far|soon|fast should|slow should|hard should|many times)|what pace|what distance"
        r"|how (do|should) i (build|increase|add)|sets|reps|times a week|per week|a week|mileage should"
        r"|when should i (start|take|replace|do|eat|drink)|what time|timing|how close to)",
    ),
    (
        "cause-risk",
        r" (why (do|does|did|am|is|are|would|have|has|cant|can t)|what (causes|caused|is causing|could cause|"
        r"would cause)|cause\w*|because of|due to|to blame|risk factor\w*|(is|could|can) (it|this|that) be (my|the"
        r"|because)|is it (my|the) (shoes|form|running)|will (running|it) (wreck|ruin|damage|wear)"
        r"|wear (out|and tear))",
    ),
    (
        "treat",
        r" (treat\w*|cure\w*|fix\w*|heal\w*|get rid of|rehab\w*|recover\w* from|relie\w*|ease|"
        r"what (can|should) i do (about|for|to help)|(help|helps|helped) (with|my|the|it|heal|recover)|"
        r"what helps|best (way|treatment|thing) (to|for)|any (tips|advice|ideas|suggestions) (for|on|to)|"
        r"remedy|remedies|manage|managing|deal with|dealt with|exercises for|stretches for|recovery (for|from)|"
        r"should i (ice|see|get|"
        r"wear|use|tape|stretch|foam)|ice or heat|ice (it|them))",
    ),
    (
        "performance",
        r" (faster|quicker|pb|pr|personal best|improve\w*|performance|perform|speed (up|work)|race (better|day|time)"
        r"|endurance|economy|benefit\w*|worth (it|the)|make (me|you) (run )?(faster|better|stronger)|help (me )?"
        r"(run|race|recover)|recovery|finish time|sub \d|bonk\w*|hit\w* the wall|fuel\w*|before a race"
        r"|before (my|a) run)",
    ),
    (
        "safety",
        r" (safe\w*|unsafe|dangerous|danger|harm\w*|bad for|damag\w*|(is it|it s|its) (ok|okay|alright|fine|bad|good)"
        r"|ok to|okay to|too young|too old|too much for|should i worry|be worried|a concern|risky|hurt (the|my) baby"
        r"|(get|have) (it |this |that )?(checked|looked at)|see a (doctor|gp)|with (his|her|my|a) doctor"
        r"|(a )?good idea to|is it wise)",
    ),
    (
        "what-is",
        r" (what is|whats|what s|what are|what does|what might|what could this|is (this|it|that) (normal|common)|"
        r"normal|anyone (know|else)|has anyone|do (all|other|most) runners|is it just me|what do you (think|make))",
    ),
)
# Every alternative ends on a word boundary: "pr" must not match "program", "prior" or "problem".
_COMPILED = tuple((intent, re.compile(f"(?:{pattern})\\b")) for intent, pattern in _PATTERNS)
_SENTENCES = re.compile(r"(?<=[?!.])\s+")
_HURT = re.compile(
    r" (pain\w*|hurt\w*|sore\w*|ache\w*|aching|injur\w*|strain\w*|sprain\w*|niggle\w*|tender\w*|swell\w*|swollen"
    r"|splints|tendin\w*|fasciitis)\b"
)
_PLEA = re.compile(
    r" (any (advice|ideas|suggestions|tips|recommendations|thoughts)|advi[cs]e|help|suggestions"
    r"|what (should|can|do) i do|how (do|can) i (fix|overcome|get over|deal|sort)|any solution|make it better)\b"
)
_SPLIT = re.compile(
    r"(?<=[?!.])\s+|\s+(?:and also|also|and|or|plus)\s+(?=(?:should|can|will|does|do|is|how|what|why)\b)"
)


@dataclass(frozen=True)
class Part:
    text: str
    intent: str


def _found(text: str) -> list[str]:
    found: list[tuple[int, int, str]] = []
    for order, (intent, pattern) in enumerate(_COMPILED):
        match = pattern.search(text)
        if match:
            found.append((match.start(), order, intent))
    return [intent for _, _, intent in sorted(found, key=lambda f: (f[1], f[0]))]


def asked(question: str) -> str:
    """The sentences that ask (those with a question mark; else the last one): in a long post the story
    around the question ("I run 3 times a week, training for a PB") is not what is asked."""
    pieces = [p for p in _SENTENCES.split(question.strip()) if p.strip()]
    return " ".join([p for p in pieces if "?" in p] or pieces[-1:])


def intents(question: str) -> list[str]:
    """Every intent the question asks for, the one asked first first; ["what-is"] when nothing matches.

    The asking sentences are read first, the whole text only when they name no intent. A bare plea for help
    ("any advice?", "what should I do?") about pain or an injury the post describes asks how to treat it."""
    question_text = normalise(asked(question))
    found = _found(question_text)
    if found in ([], ["what-is"]) and _PLEA.search(question_text) and _HURT.search(normalise(question)):
        return ["treat"]
    return found or _found(normalise(question)) or ["what-is"]


def about_pain(question: str) -> bool:
    """Whether the question speaks of pain or an injury ("sore", "shin splints", "strained")."""
    return bool(_HURT.search(normalise(question)))


def intent_of(question: str) -> str:
    """The main intent: the first of `intents()`, by the precedence of the patterns."""
    return intents(question)[0]


def parts(question: str) -> list[Part]:
    """A compound question's parts, each with its own intent; one part when it asks one thing.

    Parts that ask for the same intent are merged, so "how do I fix it? is stretching good for it?" stays one."""
    pieces = [p.strip() for p in _SPLIT.split(question) if p and p.strip()]
    result: list[Part] = []
    for piece in pieces:
        if "?" not in piece and len(pieces) > 1 and not re.search(r"\b(should|can|will|how|what|why)\b", piece, re.I):
            continue  # a statement around the question ("I run 20 miles a week.")
        intent = intent_of(piece)
        if result and result[-1].intent == intent:
            result[-1] = Part(f"{result[-1].text} {piece}", intent)
        elif intent not in {p.intent for p in result}:
            result.append(Part(piece, intent))
    return result or [Part(question, intent_of(question))]
