"""Who asked against who was studied."""

from bot.core.population import fit


def test_a_group_the_evidence_did_not_study_is_named() -> None:
    adults = "Adults with patellofemoral pain"
    assert "no children or teenagers were studied" in fit("my 15 yo son has knee pain", adults)
    assert "not older runners" in fit("I'm 58 and have runner's knee", adults)
    assert "did not have arthritis to start with" in fit("i already have knee arthritis", "Runners and non-runners")
    assert "no pregnant women" in fit("im pregnant, can i keep running?", adults)


def test_nothing_is_said_when_the_people_match() -> None:
    assert fit("my 15 yo has knee pain", "Adolescents and adults with patellofemoral pain") == ""
    assert fit("should i do hip exercises?", "Adults") == ""
    knees = "Adults aged 50 or over with X-ray-defined osteoarthritis in at least one knee (mean age 63.2)"
    assert fit("is my knee arthritis worse if I keep running?", knees) == ""


def test_military_recruits_are_always_named() -> None:
    assert "military recruits" in fit("does stretching prevent injury?", "Army recruits in basic training")
    # ...but never when the population says they were not (the shin-splint trial of civilian athletes).
    assert fit("can i run with shin splints?", "Athletes (not military recruits) with shin splints") == ""
    assert fit("can i run with shin splints?", "Non-military athletes referred by physiotherapists") == ""
