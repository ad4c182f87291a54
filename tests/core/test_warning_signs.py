"""Warning signs: every sign, however a member types it, leads the reply; ordinary soreness stays unflagged."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot.core.config import WarningConfig
from bot.core.embedding import Embedder
from bot.core.pacer import Pacer
from bot.core.warning_sign_table import SIGNS
from bot.core.warning_signs import EMERGENCY, EXAMPLE_CACHE, WarningSigns, neighbours, normalise

WORDS_ONLY = WarningSigns(None, WarningConfig(semantic=False))

# (question as typed, the sign it describes). Apostrophes left out on purpose in many.
SIGN_QUESTIONS = [
    ("pretty sure ive got a stress fracture in my shin, it hurts to hop on it. can i run through it?", "bone-stress"),
    ("theres one tender spot on the bone of my shin, hurts when i press it", "bone-stress"),
    ("pain in my lower leg thats worse at night and a lump on the bone", "bone-stress"),
    ("shin gets worse with every run now", "bone-stress"),
    ("my periods have stopped since i upped my mileage", "red-s"),
    ("havent had a period in months, im training for a marathon", "red-s"),
    ("lost 5kg without trying since i started running twice a day", "red-s"),
    ("this is my third stress fracture in two years", "red-s"),
    ("my heart skips beats during runs", "heart"),
    ("my left arm aches and my chest feels heavy when i run uphill", "heart"),
    ("heart doing somersaults on my tempo runs", "heart"),
    ("I fainted after the finish line yesterday", "heart"),
    ("i cant catch my breath even walking up stairs now, way worse than usual", "heart"),
    ("felt confused and stopped sweating in the hot half marathon", "heat-hyponatraemia"),
    (
        "drank loads of water in the marathon and now i have a splitting headache and keep vomiting",
        "heat-hyponatraemia",
    ),
    ("my calf is hot and swollen since the long haul flight", "blood-clot"),
    ("could this calf pain be a dvt? i had knee surgery 3 weeks ago", "blood-clot"),
    ("my pee was dark brown after the ultra", "dark-urine"),
    ("urine looks like coke after that crossfit session", "dark-urine"),
    ("numbness in my foot on long runs", "nerves"),
    ("pins and needles in my toes after 5k", "nerves"),
    ("cant put weight on my ankle since i rolled it on the trail", "acute-injury"),
    ("heard a pop in my knee and it swelled up straight away", "acute-injury"),
    ("felt like someone kicked me in the back of the heel, now i cant push off", "acute-injury"),
    ("im pregnant and spotting after my run", "pregnancy"),
    ("28 weeks pregnant and getting cramps after jogging", "pregnancy"),
    ("bit of discomfort in my bump when i run, 25 weeks", "pregnancy"),
]

CALM_QUESTIONS = [
    "calves sore two days after hills",
    "im 20 weeks pregnant and running feels uncomfortable now, is that bad for the baby",
    "which chest strap heart-rate monitor should i buy",
    "out of breath on my first run, is that normal",
    "my periods make runs feel harder",
    "should I do hip exercises?",
    "does vitamin D prevent stress fractures?",
    "do compression socks help with sore calves?",
    "how fast should I increase my weekly mileage?",
    "is coffee good before a race",
    "pre race nerves, cant sleep the night before",
    "garmin showed my hr spiking to 200 but i felt fine, a glitch?",
    "im pregnant, how much running is ok",
    "my toenail went black after the marathon",
    "legs like jelly after intervals",
    "went down on the trail and grazed my knee, can still run fine",
]


@pytest.mark.parametrize(("question", "sign"), SIGN_QUESTIONS)
def test_each_sign_is_caught_by_its_words(question: str, sign: str) -> None:
    triaged = WORDS_ONLY.triage(question)
    assert sign in [s.name for s in triaged.signs], (question, triaged.reasons)
    message = triaged.message()
    named = next(s for s in triaged.signs if s.name == sign)
    assert message.startswith("**⚠️ ") and named.action in message


@pytest.mark.parametrize("question", CALM_QUESTIONS)
def test_ordinary_questions_are_not_flagged(question: str) -> None:
    triaged = WORDS_ONLY.triage(question)
    assert not triaged.red_flag, triaged.reasons
    assert triaged.message() == ""


def test_apostrophes_do_not_matter() -> None:
    assert normalise("I've can't DON'T I’m") == normalise("ive cant dont im")
    for typed in ("I've got a stress fracture", "ive got a stress fracture", "IVE GOT A STRESS FRACTURE"):
        assert [s.name for s in WORDS_ONLY.triage(typed).signs] == ["bone-stress"]


def test_what_a_member_says_they_do_not_have_is_not_a_sign() -> None:
    # Careful posts list what they have ruled out; the sign is still caught when another finding names it.
    for calm in (
        "forearms ache on long runs, no tingling or numbness, just tired",
        "shins ache for the first km then ease, no tender spot on the bone",
        "calf tight after hills, no swelling or redness",
        "should i take iron? no symptoms, periods normal",
    ):
        assert not WORDS_ONLY.triage(calm).red_flag, (calm, WORDS_ONLY.triage(calm).reasons)
    assert [s.name for s in WORDS_ONLY.triage("no swelling but it hurts to hop on my shin").signs] == ["bone-stress"]
    assert [s.name for s in WORDS_ONLY.triage("no feeling in my toes after 10k").signs] == ["nerves"]
    assert [s.name for s in WORDS_ONLY.triage("no period since march, training hard").signs] == ["red-s"]


def test_slang_and_ordinary_words_that_share_a_signs_wording() -> None:
    assert [s.name for s in WORDS_ONLY.triage("skin dry n hot and dizzy mid race").signs] == ["heat-hyponatraemia"]
    assert [s.name for s in WORDS_ONLY.triage("weight dropping fast and i eat normal").signs] == ["red-s"]
    assert [s.name for s in WORDS_ONLY.triage("my achilles went pop on the hill").signs] == ["acute-injury"]
    # "2 weeks ago" is not how far along a pregnancy is, and "expecting some pain" is not expecting a baby.
    after_race = "after a long race 2 weeks ago i had blood in my urine"
    assert [s.name for s in WORDS_ONLY.triage(after_race).signs] == ["dark-urine"]
    assert [s.name for s in WORDS_ONLY.triage("30 wks and some bleeding after my jog").signs] == ["pregnancy"]
    assert not WORDS_ONLY.triage("i was expecting some pain after the marathon, legs ok").red_flag
    assert not WORDS_ONLY.triage("been running for about 5 weeks and my knees ache after 3k").red_flag
    squeeze = "heel hurts when i squeeze the sides of it, not underneath"
    assert [s.name for s in WORDS_ONLY.triage(squeeze).signs] == ["bone-stress"]
    for calm in (
        "blister on my heel popped, can i run on it",
        "chest strap shows weird spikes on cold mornings",
        "starving all day since i started running, not trying to lose weight",
        "lost so much fitness after 3 weeks off",
        "had done nothing for years before couch to 5k",
        "pregnant and my hr is higher, midwife says its the extra blood volume",
    ):
        assert not WORDS_ONLY.triage(calm).red_flag, (calm, WORDS_ONLY.triage(calm).reasons)


def test_every_sign_has_an_action_a_reason_and_descriptions() -> None:
    for sign in SIGNS:
        assert sign.action.endswith(".") and sign.why.endswith(".")
        assert len(sign.descriptions) >= 3
        assert sign.patterns


def test_urgent_signs_add_the_emergency_number_and_young_people_their_carer() -> None:
    chest = WORDS_ONLY.triage("chest pain on hills")
    assert EMERGENCY in chest.message()
    calf = WORDS_ONLY.triage("calf hot and swollen after a flight")
    assert EMERGENCY not in calf.message()
    teen = WORDS_ONLY.triage("my 15 yo daughter hasnt had a period since cross country started")
    assert [s.name for s in teen.signs] == ["red-s"] and teen.young
    assert "parent or carer" in teen.message()


def test_the_meaning_check_catches_an_indirect_description(embedder: Embedder) -> None:
    # The mechanism, at a fixed setting (the configured one is calibrated on the tuning half and may move).
    signs = WarningSigns(embedder, WarningConfig(threshold=0.5, calm_margin=0.0))
    question = "it feels like an elephant is sitting on me when i sprint"
    assert not WarningSigns.by_words(question)
    triaged = signs.triage(question, embedder.embed_one(question))
    assert [s.name for s in triaged.signs] == ["heart"] and triaged.how == ("meaning",)
    calm = "my legs are sore two days after a hilly long run"
    assert not signs.triage(calm, embedder.embed_one(calm)).red_flag


def test_a_flagged_reply_leads_with_the_warning_and_cites_only_the_sign(pacer: Pacer) -> None:
    answer = pacer.ask("pretty sure ive got a stress fracture, hurts to hop. should i take calcium and vitamin d?")
    assert answer.red_flag and answer.warning_signs == ("bone-stress",)
    assert answer.answer.startswith("**⚠️ Stop running on it and get it assessed")
    assert answer.citations == () and answer.nearest_topics == ()
    assert "Nearest topics" not in answer.answer
    pregnant = pacer.ask("im pregnant and spotting after my run")
    assert "midwife or maternity unit" in pregnant.answer
    assert "If pain persists" not in pregnant.answer and pregnant.to_json()["warning_signs"] == ["pregnancy"]


def test_neighbours_take_the_nearest_sign_example_and_the_vote_of_the_k_nearest() -> None:
    sims = np.array([0.9, 0.8, 0.7, 0.2, 0.85])
    sign_of = np.array([-1, 2, 2, -1, 5])  # -1: a calm example
    near = neighbours(sims, sign_of, 3)
    assert (near.sign, near.sign_sim, near.calm_sim) == (5, pytest.approx(0.85), pytest.approx(0.9))
    assert near.share == pytest.approx(2 / 3)  # 0.9 calm, 0.85 and 0.8 signs
    assert neighbours(sims, np.full(5, -1), 3).sign == -1  # no sign examples: nothing to point to


EXAMPLES = """\
held_out_sha256: ""
questions:
  - {q: "my ticker goes haywire and thumps out of rhythm on runs", sign: heart, split: tuning, author: 1}
  - {q: "the old ticker went wobbly at mile 3 and i felt odd", sign: heart, split: tuning, author: 1}
  - {q: "ticker acting up halfway round, all over the place", sign: heart, split: tuning, author: 2}
  - {q: "my heart rate is high on easy runs, should i slow down", sign: null, split: tuning, author: 1}
  - {q: "how fast should my heart beat on an easy jog", sign: null, split: tuning, author: 2}
  - {q: "calves tight after hill sprints, foam roll or rest", sign: null, split: tuning, author: 2}
  - {q: "my heart went wild during the parkrun and i nearly fainted", sign: heart, split: held-out, author: 3}
"""


def test_the_examples_catch_what_the_descriptions_miss_and_their_vectors_are_kept(
    embedder: Embedder, tmp_path: Path
) -> None:
    examples = tmp_path / "examples.yaml"
    examples.write_text(EXAMPLES, encoding="utf-8")
    index = tmp_path / "index"
    index.mkdir()
    config = WarningConfig(threshold=1.1, example_threshold=0.5, example_margin=0.0, neighbours=3)
    signs = WarningSigns(embedder, config, cache_dir=index, examples_path=examples)
    question = "my ticker does a funny wobble on tempo runs"
    assert not WarningSigns.by_words(question)
    triaged = signs.triage(question, embedder.embed_one(question))
    assert [s.name for s in triaged.signs] == ["heart"] and triaged.how == ("examples",)
    calm = "is a heart rate of 165 too high for an easy jog"
    assert not signs.triage(calm, embedder.embed_one(calm)).red_flag
    # Only the tuning half are examples; the vectors are kept in the index folder, keyed by model and text.
    items, vectors, _ = signs.examples()
    assert len(items) == 6 and all(q.split == "tuning" for q in items)
    with np.load(index / EXAMPLE_CACHE) as cached:
        assert np.array_equal(cached["vectors"], vectors)
    # A damaged file is embedded again and replaced, not trusted.
    (index / EXAMPLE_CACHE).write_bytes(b"not an npz file")
    again = WarningSigns(embedder, config, cache_dir=index, examples_path=examples)
    assert np.allclose(again.examples()[1], vectors, atol=1e-5)
    with np.load(index / EXAMPLE_CACHE) as cached:
        assert cached["vectors"].shape == vectors.shape


def test_calibration_judges_each_author_only_against_the_other_authors_examples(pacer: Pacer) -> None:
    from bot.core.warning_eval import calibrate_warnings
    from bot.core.warning_set import load_warning_set
    from bot.questions import WARNING_SIGNS

    found = calibrate_warnings(pacer, list(load_warning_set(WARNING_SIGNS).questions))
    # Were a question its own example (cosine 1), the examples would catch every sign in the tuning half.
    assert found.descriptions_recall <= found.meaning_recall < 0.95
    assert found.meaning_false_alarms <= 0.03 and found.false_alarm_rate <= 0.05
    assert 0.4 <= found.example_threshold <= 0.9
