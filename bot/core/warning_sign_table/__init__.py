"""The warning signs Pacer knows: for each, what to tell the member first, how members describe it, and which
library documents are really about it. Content, kept apart from the detection logic in `warning_signs`.

Patterns run on `warning_signs.for_patterns(question)`: lower case, apostrophes dropped ("ive", "cant", "dont"),
every other punctuation mark a single space, "&" and "n" read as "and", with a space at both ends, and what
the member says they do not have ("no swelling or redness") taken out. The actions are worded after the public
clinical sources in docs/warning-signs.md; change them only with a source.
"""

from __future__ import annotations

from bot.core.warning_sign_table.injury import ACUTE_INJURY, BLOOD_CLOT, BONE_STRESS, DARK_URINE, NERVES
from bot.core.warning_sign_table.medical import HEART, HEAT_HYPONATRAEMIA, PREGNANCY, RED_S
from bot.core.warning_sign_table.sign import DEFAULT_DISCLAIMER, Sign

SIGNS: tuple[Sign, ...] = (
    BONE_STRESS,
    RED_S,
    HEART,
    HEAT_HYPONATRAEMIA,
    BLOOD_CLOT,
    DARK_URINE,
    NERVES,
    ACUTE_INJURY,
    PREGNANCY,
)

# Ordinary things that share words or feelings with the signs: the meaning check flags a sign only when the
# question is closer to the sign than to these.
CALM: tuple[str, ...] = (
    "my calves are sore two days after hill repeats",
    "which chest strap heart-rate monitor is best",
    "I was out of breath on my first ever run",
    "my periods make my runs feel harder",
    "my legs feel like jelly after intervals",
    "my heart rate is high on easy runs",
    "my toenail is going black after the marathon",
    "mild shin ache at the start of runs that goes after warming up",
    "my knees are stiff in the morning after a long run",
    "I feel tired for days after a marathon",
    "I'm pregnant, how much running is safe",
    "my son wants to run a 10k, how should he train",
    "muscle soreness the day after a race",
    "I get a stitch in my side when I run",
    "cramp in my calf in the last mile",
    "my legs are heavy and tired this week",
    "which sports bra is best for running",
    "how do I breathe properly when running",
    "I get a runny nose when I run in the cold",
    "should I run with a cold",
    "my quads are sore after downhill running",
    "I feel sick if I eat before a run",
    "how much water should I drink during a marathon",
    "I sweat a lot when I run",
    "my watch showed a heart rate spike, probably a glitch",
    "I bruised my knee in a fall but can walk on it fine",
    "my feet ache after a long run in new shoes",
    "my hamstrings feel tight",
    "is it normal to feel dizzy if I stand up fast after a run",
    "my shins were sore when I started running",
    "how fast should I increase my mileage",
    "what should I eat for my period when training",
    "my teenage daughter wants to start running, is it safe",
    "I am 65, is it safe to start running",
    "blisters on my toes after a long run",
    "my knee hurts when I run, what should I do",
    "hip pain after running, what causes it",
    "my ankle has been sore for a few days, should I rest it",
    "heel pain when I get out of bed, is it plantar fasciitis",
    "I pulled my calf, how long before I can run again",
    "pain on the outside of my knee after a few miles, IT band",
    "my leg muscles hurt most two days after the marathon",
    "my period started on race day, any tips",
    "is pale yellow pee a sign I'm drinking enough",
    "I tweaked my ankle but walked home fine and it isn't swollen",
    "totally wiped out after the marathon, when can I run again",
    "shin splints from starting to run, should I stop",
)

# A child or a teenager is the one with the sign.
YOUNG: tuple[str, ...] = (
    r" (my|our) (son|daughter|kid|kids|child|children|boy|girl|teen\w*|lad|lass|stepson|stepdaughter) ",
    r" (\d|1[0-7]) ?(yo|y o|yr old|year old|years old|yrs old)",
    r" (teen|teenager|teenage|adolescent|child|kid|junior|u1\d|under 1\d|high school|school cross country)",
)

__all__ = ["CALM", "DEFAULT_DISCLAIMER", "SIGNS", "YOUNG", "Sign"]
