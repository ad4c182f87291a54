import pytest

from bot.core.triage import triage


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("I get chest pain on hills, should I keep running?", "chest pain or pressure"),
        ("tightness in my chest during intervals", "chest pain or pressure"),
        ("I fainted after the finish line yesterday", "fainting or collapsing"),
        ("my mate collapsed at mile 20", "fainting or collapsing"),
        ("heard a crack in my foot and now it hurts", "a possible fracture"),
        ("I think I might have a stress fracture in my shin", "a possible fracture"),
        ("can't put weight on my ankle since the trail run", "not being able to bear weight"),
        ("my knee suddenly swelled up massively", "sudden or severe swelling"),
        ("numbness in my foot on long runs", "numbness or tingling"),
        ("my calf is hot and swollen after the flight", "a hot, swollen or red calf"),
        ("felt confused after the marathon", "confusion or a seizure"),
        ("my pee was dark brown after the ultra", "dark or bloody urine"),
        ("palpitations during my tempo run", "a racing or irregular heartbeat"),
        ("I was short of breath at rest", "trouble breathing"),
    ],
)
def test_red_flags_are_caught(question: str, reason: str) -> None:
    result = triage(question)
    assert result.red_flag
    assert reason in result.reasons
    message = result.message()
    assert message.startswith("**⚠️ See a clinician promptly.**")
    assert reason in message


@pytest.mark.parametrize(
    "question",
    [
        "should I do hip exercises?",
        "does vitamin D prevent stress fractures?",
        "do compression socks help with sore calves?",
        "how fast should I increase my weekly mileage?",
        "is coffee good before a race",
    ],
)
def test_ordinary_questions_are_not_flagged(question: str) -> None:
    result = triage(question)
    assert not result.red_flag
    assert result.message() == ""
