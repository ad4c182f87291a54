import re
from dataclasses import replace
from pathlib import Path

from bot.core.compose import DECLINE, DISCLAIMER, GENERAL_DISCLAIMER, KIND_NOTES, _next_step, _sure, compose
from bot.core.decide import Decision
from bot.core.document import KINDS
from bot.core.index import build_index
from bot.core.library import load_library
from bot.core.pacer import Pacer
from bot.core.warning_sign_table import SIGNS
from bot.core.warning_signs import Triage

CORPUS = Path(__file__).parents[2] / "corpus"


def test_hip_answer_has_every_part_in_order(pacer: Pacer) -> None:
    answer = pacer.ask("should I do hip exercises?")
    text = answer.answer
    assert not answer.declined and not answer.red_flag
    headings = [
        "**Short answer:**",
        "**How sure:**",
        "**Who was studied:**",
        "**The evidence:**",
        "**How sure we can be, source by source:**",
        "**The caveat that matters:**",
        "**Sources:**",
        f"_{GENERAL_DISCLAIMER}_",  # the question speaks of no pain
    ]
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)
    # The product's distinction: helps once it hurts; not shown to cause or prevent; 3 of 24 prospective.
    assert "3 of the 24 studies" in text
    assert "once your knees already hurt" in text or "once knee pain has started" in text
    assert "prevent" in text
    ids = [c.doc_id for c in answer.citations]
    assert "rathleff-2014-hip-strength-pfp" in ids
    assert answer.certainty in {"low", "moderate"}
    assert answer.conclusion == pacer.library[ids[0]].conclusion


def test_every_evidence_sentence_comes_from_the_document_it_cites(pacer: Pacer) -> None:
    answer = pacer.ask("do ice baths help sore legs after a long run?")
    evidence = answer.parts.evidence
    for citation in answer.citations:
        doc = pacer.library[citation.doc_id]
        sentence = re.search(rf"([^\[\]]*?) \[{citation.n}\]\.", evidence).group(1).strip()
        assert " ".join(doc.finding.split()).startswith(sentence.rstrip("."))
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)}
    assert markers == {c.n for c in answer.citations}
    sources = answer.parts.sources
    assert len(sources) == len(answer.citations)
    for line, citation in zip(sources, answer.citations, strict=True):
        assert line.startswith(f"[{citation.n}] {citation.authors} ({citation.year}).")
        if citation.doi:
            assert line.endswith(f"https://doi.org/{citation.doi}")


def test_certainty_explains_design_and_population(pacer: Pacer) -> None:
    answer = pacer.ask("is caffeine good before a race")
    doc = pacer.library["grgic-2020-caffeine-performance"]
    assert answer.citations[0].doc_id == doc.id
    first = answer.parts.studies[0]
    assert first.startswith(f"[1] {doc.certainty.capitalize().replace('-', ' ')} certainty: {KIND_NOTES[doc.kind]}.")
    assert doc.design.rstrip(".") in first and "Who was studied:" in first
    assert set(KIND_NOTES) == set(KINDS)


def test_article_brings_its_studies_as_citations(pacer: Pacer) -> None:
    answer = pacer.ask("do hip exercises prevent runner's knee")
    ids = [c.doc_id for c in answer.citations]
    assert ids[0] == "fixture-hip-article", ids
    assert {"rathleff-2014-hip-strength-pfp", "lack-2015-hip-rehab-pfp"} <= set(ids)


def test_decline_offers_nearest_topics_and_no_citations(pacer: Pacer) -> None:
    answer = pacer.ask("what time is the saturday club run?")
    assert answer.declined and answer.citations == () and answer.certainty is None and answer.conclusion is None
    assert answer.answer.startswith(DECLINE)
    assert len(answer.nearest_topics) == 3
    assert f"Nearest topics I do cover: {'; '.join(answer.nearest_topics)}." in answer.answer
    topics = {d.topic for d in pacer.library}
    assert set(answer.nearest_topics) <= topics


def test_a_warning_comes_first_and_only_evidence_about_the_sign_follows(pacer: Pacer) -> None:
    heart = "**⚠️ Stop running. Call your emergency number"
    answer = pacer.ask("I get chest pain when I run, should I drink coffee before races?")
    assert answer.red_flag and answer.warning_signs == ("heart",)
    assert answer.answer.startswith(heart)
    # The caffeine review is not about chest pain: after the warning it must not answer the coffee part.
    assert answer.citations == () and answer.declined and answer.nearest_topics == ()
    declined = pacer.ask("I fainted at the end of my run yesterday")
    assert declined.red_flag and declined.answer.startswith(heart)
    # Low blood sodium after drinking a lot: the hyponatraemia study is about the sign, so it may follow.
    sodium = pacer.ask("drank loads of water in the marathon and now im confused and keep vomiting")
    assert sodium.warning_signs == ("heat-hyponatraemia",) and sodium.answer.startswith("**⚠️ Stop, get somewhere cool")
    assert [c.doc_id for c in sodium.citations] == ["almond-2005-marathon-hyponatremia"]
    assert sodium.answer.index("**Short answer:**") > sodium.answer.index("⚠️")


def test_a_document_about_some_cases_of_a_sign_follows_the_warning_only_when_close(pacer: Pacer) -> None:
    # `related` documents (an ankle sprain guideline for acute injuries) speak only when the question is near them.
    acute = next(s for s in SIGNS if s.name == "acute-injury")
    triaged = Triage((replace(acute, related=("rathleff-2014-hip-strength-pfp",)),), ("words",))
    cfg = pacer.config.retrieval

    def cited(question: str) -> list[str]:
        retrieval = pacer.retriever.search(question, "hybrid")
        return [c.doc_id for c in compose(question, retrieval, pacer.library, triaged, cfg).citations]

    near = "felt a pop in my knee: is hip strength weaker in people with knee pain?"
    assert pacer.retriever.search(near, "hybrid").hits[0].score >= cfg.min_score
    assert cited(near) == ["rathleff-2014-hip-strength-pfp"]
    assert cited("heard a snap in my finger when I fell on the trail") == []


def test_the_next_step_is_shown_under_an_answer_when_it_adds_to_the_short_answer() -> None:
    library = load_library(CORPUS)
    lead = library["silbernagel-2007-achilles-pain-monitoring"]
    answer = Decision("answer", lead.claims[0], None)
    step = _next_step(lead, answer, "Keeping some running did not slow healing [1].")
    assert step == f"{lead.next_step[:-1]} [1]."
    assert _next_step(lead, replace(answer, outcome="partial"), "Nothing answers this directly.") == ""
    assert _next_step(lead, answer, lead.next_step) == ""  # it would only repeat the short answer


def test_the_disclaimer_and_how_sure_fit_what_was_asked(pacer: Pacer) -> None:
    assert pacer.ask("my knee hurts, should i do hip exercises?").parts.disclaimer == DISCLAIMER
    assert pacer.ask("is caffeine good before a race").parts.disclaimer == GENERAL_DISCLAIMER  # no "if pain persists"
    lack = pacer.library["lack-2015-hip-rehab-pfp"]
    assert _sure(lack.certainty, lack) == f"{lack.certainty.capitalize()} — a systematic review."
    assert "lower than the source's own" in _sure("very-low", lack)


def test_disagreeing_sources_are_flagged(fixture_site_copy: Path, embedder) -> None:
    corpus = fixture_site_copy / "corpus"
    path = corpus / "bleakley-2012-cold-water-immersion-doms.md"
    text = path.read_text().replace("tags:", "disagrees_with: [roberts-2015-cold-water-adaptation]\ntags:", 1)
    path.write_text(text)
    (corpus / "roberts-2015-cold-water-adaptation.md").write_text(
        (CORPUS / "roberts-2015-cold-water-adaptation.md").read_text()
    )
    build_index(load_library(corpus), embedder, fixture_site_copy / "index")
    pacer = Pacer.from_config(fixture_site_copy / "pacer.yaml", embedder=embedder)
    answer = pacer.ask("are ice baths good after training")
    ids = [c.doc_id for c in answer.citations]
    assert ids[:2] in (
        ["bleakley-2012-cold-water-immersion-doms", "roberts-2015-cold-water-adaptation"],
        ["roberts-2015-cold-water-adaptation", "bleakley-2012-cold-water-immersion-doms"],
    ), ids
    assert "**Where they disagree:** These sources point in different directions ([1] and [2])" in answer.answer


def test_the_short_answer_keeps_treating_and_preventing_apart() -> None:
    from bot.core.compose import NOT_PREVENTION, NOT_TREATMENT, framing

    library = load_library(CORPUS)
    winters, newman = library["winters-2013-shin-splints-treatment"], library["newman-2013-shin-splints-risk-factors"]
    article = library["article-hip-exercises-knee-pain"]
    van_gent = library["van-gent-2007-running-injury-determinants"]
    # Asked how to prevent it, but the best evidence is a treatment review: say so before its conclusion.
    assert framing("how do i avoid shin splints", [winters, newman]) == NOT_PREVENTION
    assert framing("what stops me getting shin splints", [winters]) == NOT_PREVENTION
    # Asked how to treat it, but the best evidence is about risk factors.
    assert framing("my shins hurt, how do I fix them", [van_gent]) == NOT_TREATMENT
    # No framing when the evidence matches what was asked, when a cited document covers it, or when unclear.
    assert framing("how do I treat shin splints", [winters]) == ""
    assert framing("how do i prevent runner's knee", [article]) == ""
    assert framing("shin splints?", [winters]) == ""
    assert framing("my knee hurts, can I prevent it coming back", [winters]) == ""


def test_the_short_answer_uses_the_claim_for_what_was_asked_and_answers_each_part() -> None:
    from bot.core.compose import _other_parts
    from bot.core.decide import Decision, pick_claim

    winters = load_library(CORPUS)["winters-2013-shin-splints-treatment"]
    treat, missing = pick_claim(winters, "treat")
    assert treat is not None and treat.intent == "treat" and missing is None
    neighbour, missing = pick_claim(winters, "dose")
    assert missing == "dose" and neighbour is winters.claims[0]
    decision = Decision("answer", treat, None)
    extra = _other_parts("how do I fix shin splints? and how many weeks off should I take?", decision, winters)
    assert extra == ["As for how much, how often or how long, no study here tests it."]


def test_a_short_follow_up_is_answered_for_its_own_topic(pacer: Pacer) -> None:
    first = pacer.ask("should I do hip exercises?")
    follow_up = pacer.ask("and coffee before a race?", context="should I do hip exercises?")
    assert follow_up.citations[0].doc_id == "grgic-2020-caffeine-performance" != first.citations[0].doc_id
    assert follow_up.question == "and coffee before a race?"
