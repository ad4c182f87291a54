"""What a question asks for, as members type it."""

import pytest

from bot.core.intent import intent_of, intents, parts


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("can i still run with shin splints?", "keep-running"),
        ("should i keep running or rest my achilles", "keep-running"),
        ("is my knee arthritis worse if I keep running?", "keep-running"),
        ("how do i avoid getting shin splints", "prevent"),
        ("will hip exercises stop me getting knee pain?", "prevent"),
        ("how many sets of clamshells should i do and how often", "dose"),
        ("what causes runner's knee", "cause-risk"),
        ("why do i keep getting blisters", "cause-risk"),
        ("whats the best way to get rid of plantar fasciitis", "treat"),
        ("will a higher cadence make me faster?", "performance"),
        ("is it safe to run a marathon at 14", "safety"),
        ("should I do hip exercises?", "what-is"),
        ("my calf has been sore for 2 weeks. should i just rest?", "keep-running"),
        ("rolled my ankle last week, how long till i can run?", "keep-running"),
        ("my heart skips a beat on hills. is this something i should get checked out?", "safety"),
        ("constant ankle pain on the inside of my foot. whats your advice?", "treat"),
    ],
)
def test_the_intent_asked_for(question: str, intent: str) -> None:
    assert intent_of(question) == intent


def test_a_compound_question_is_split_into_its_parts() -> None:
    split = parts("should I ice my shins? and how do I stop shin splints coming back?")
    assert [p.intent for p in split] == ["treat", "prevent"]
    assert parts("how do i fix it? how do i heal it faster?")[0].intent == "treat"
    assert intents("how do i fix it and stop it coming back") == ["prevent", "treat"]


def test_intent_words_match_whole_words_only() -> None:
    # "pr" (personal record) once matched "program", "prior" and "problem"; "times" matched "3 times a week".
    assert intent_of("what training program would you advise and over what period prior to a race") != "performance"
    assert intent_of("is there a problem with my form?") != "performance"
    assert intent_of("will carbon plates get me a pr") == "performance"


def test_the_asking_sentences_come_before_the_story_around_them() -> None:
    story = "I run 3 times a week and want a faster 10k. Is it ok to run with a cold?"
    assert intent_of(story) == "safety"
    assert intent_of("My knee has been sore for three weeks after my long runs. Any advice?") == "treat"
    assert intent_of("Going to my first parkrun on Saturday. Any advice?") == "what-is"  # nothing hurts: not treat
