"""The warning signs Pacer knows: for each, what to tell the member first, how members describe it, and which
library documents are really about it. Content, kept apart from the detection logic in `warning_signs`.

Patterns run on `warning_signs.normalise(question)`: lower case, apostrophes dropped ("ive", "cant", "dont"),
every other punctuation mark a single space, with a space at both ends. The actions are worded after the public
clinical sources in docs/warning-signs.md; change them only with a source.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_DISCLAIMER = (
    "General information from the club library, not a diagnosis or medical advice. If you are worried, get checked."
)


@dataclass(frozen=True)
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
_BONE = r"(shin|shins|tibia|foot|feet|metatarsal\w*|bone|bones|heel|hip|femur|fibula|leg|legs|toe|ankle|pelvis|groin)"
_PAIN = r"(pain\w*|hurt\w*|ache\w*|aching|sore\w*|tender\w*|throb\w*|agony)"

SIGNS: tuple[Sign, ...] = (
    Sign(
        name="bone-stress",
        label="a possible stress fracture (bone stress injury)",
        action="Stop running on it and get it assessed by a physio or doctor.",
        why="Pain on hopping, a tender spot on the bone, pain at night or at rest, deep hip or groin pain, or pain "
        "that gets worse with every run can mean a bone stress injury, which can become a full fracture if you "
        "keep running on it.",
        urgent=False,
        patterns=(
            # Naming a fracture counts when it is the member's own (a prevention question names one too).
            r" (i|ive|im|i have|i got|my|me|think|thinking|might|may|could|suspect\w*|probably|pretty sure|worried|"
            r"scared|afraid|diagnosed|doc|doctor|physio|his|her|hes|shes) (\w+ ){0,6}(stress (fr\w*|fx|reaction|injur\w*)|"
            r"fractur\w*|fracter\w*|fracure\w*|broken(?! in)|broke(?! in)|cracked|crack in)",
            r" (hurts?|pain\w*|sore|agony|ouch|ow) (\w+ ){0,4}(hop|hopping|hops|jump on|jumping on) ",
            r" (hop|hopping|hops) (\w+ ){0,5}(hurts?|pain\w*|sore|agony|cant|can not|cannot|kills) ",
            r" (tender|sore|painful) (spot|point|bit|area|patch) (\w+ ){0,4}(on|of|along) (the |my )?(\w+ )?bone",
            r" (pinpoint|one spot|one tiny spot|finger ?tip|fingertip|press on) (\w+ ){0,6}" + _PAIN,
            r" " + _PAIN + r" (\w+ ){0,6}(at night|in bed|wakes? me|woke me|keeps me up|when i(m| am) resting|at rest"
            r"|even resting|while resting|sitting still)",
            r" (worse|worst|more) (\w+ ){0,3}(every|each|with every|with each) (single )?(run|time i run|session|km|mile) ",
            r" "
            + _PAIN
            + r" (\w+ ){0,6}(even|when|while) (im |i am )?(just )?(sitting|lying|resting|in bed|on the sofa|at my desk|not running)",
            r" (lump|bump|swelling) on (the |my )?(\w+ )?(bone|shin|shinbone|shin bone|tibia|foot)",
            r" (can|could|might|may|is|would) (this|it|that) (\w+ ){0,1}(be|mean) (a )?(stress (fr\w*|reaction)|fractur\w*)",
            r" (pain|hurts?) (\w+ ){0,2}(on impact|with every step|every step|each step|every footstrike|when my foot lands)",
            r" (hurts?|pain\w*) (\w+ ){0,3}(to walk|when i walk|walking) (\w+ ){0,6}" + _BONE,
            r" "
            + _BONE
            + r" (\w+ ){0,4}(hurts?|pain\w*|aches?) (\w+ ){0,3}(to walk|when i walk|even walking|walking) ",
            r" (one|exact|a|this|that|tiny|little) (\w+ ){0,2}(spot|point) (\w+ ){0,10}(press\w*|poke\w*|touch\w*|finger)",
            r" (press\w*|poke\w*|touch\w*) (it|on it|there) (\w+ ){0,4}(one finger|nearly hit the roof|wince|kills)",
            r" (spot|point) (\w+ ){0,4}(properly |really |very )?(tender|sore) (when|if) i (poke|press|touch)",
            r" (shin|shins|foot|leg|hip|groin|heel|bone) (\w+ ){0,2}(aches?|hurts?|pain\w*) (\w+ ){0,3}(when|while) (shes|hes|im|i am|she is|he is) (lying|sitting|resting|in bed)",
            r" (wakes|woke|waking) (me|her|him) (up )?(\w+ ){0,2}(at night|sometimes|in the night)?",
            r" (now )?(its |i )?(there|feel it) (\w+ ){0,3}(when i walk|walking (round|around|to)|walk to the)",
            r" (bump|lump|knot) (\w+ ){0,10}(on|of) (the |my )?(actual )?(bone|shinbone|shin bone)",
            r" (bounce\w*|hops?|hopping|landing) (\w+ ){0,8}(sharp pain|pain|hurts|ouch|nope|yelp|agony)",
            r" (pain|hurts?) (\w+ ){0,2}(right )?on the bone",
            r" (hop|hopping|hops|skip|skipping|single leg|jump|jumping|land\w*) (\w+ ){0,6}(wincing|wince|winces)",
            r" (hurts?|pain\w*|sore) (\w+ ){0,3}(when|whenever|every time) (he|she|i) lands?",
            r" (inside|in|within) the (\w+ )?bone",
            r" worse the (longer|further|more) (i|she|he) (run|runs)",
            r" (press\w*|poke\w*|touch\w*|tap\w*) (\w+ ){0,4}(spot|bit|point) ",
            r" (shin|shins|foot|bone|tibia|heel|toe|metatarsal\w*|hip|leg) (\w+ ){0,6}(sore|tender|hurts?|kills?) (\w+ ){0,4}when (i|you|she|he) (tap|press|poke|touch)",
            r" (bone|shin|foot|tibia) (\w+ ){0,5}(tender|sore) when (i|you|she|he) (press|poke|touch|tap)",
            r" (ache|aches|pain|aching|sore|hurts?|throb\w*) (\w+ ){0,6}(even|just) (\w+ ){0,3}(sat|sitting|lying|resting|standing|in bed|on the sofa|in the armchair)",
            r" worse after every (run|outing|session|walk)",
            r" (lump|lumpy|bump|bumpy) (\w+ ){0,4}(on )?top of (my|his|her|the) foot (\w+ ){0,6}(limp\w*|sore|hurts|pain\w*|tender)",
            r" (swollen|sore|painful|tender) (\w+ ){0,2}(lump|lumpy|bump|bumpy)",
            r" (jumping|jump|landing|bouncing|hopping|hop) on one (foot|leg)",
            r" (skipping|hopping|jumping) (\w+ ){0,2}(impossible|agony|unbearable|cant)",
        ),
        descriptions=(
            "it hurts to hop on my shin",
            "there is one tender spot on the bone that hurts when I press it",
            "my shin aches at night even when I am resting",
            "pain in my foot that gets worse with every run",
            "I think I have a stress fracture",
            "pain on the top of my foot, sore to touch on the bone, swelling",
            "my shin pain is now there when I walk, not just when I run",
            "a lump on my shin bone that is sore",
            "deep ache in my hip or groin that is worse every run and hurts to hop",
            "my doctor suspects a stress reaction in my tibia",
        ),
        # What to do is the clinician's call; how long a confirmed bone stress injury keeps you out is about one
        # stage of it.
        related=("hoenig-2023-bone-stress-return-to-sport",),
    ),
    Sign(
        name="red-s",
        label="missed periods or weight loss that can mean under-fuelling (RED-S)",
        action="See your GP, and ask them whether you are eating enough for your training.",
        why="Periods that stop or go missing, unexplained weight loss or repeated bone injuries can be signs of "
        "relative energy deficiency in sport (RED-S), which weakens bones even when you feel fine.",
        urgent=False,
        patterns=(
            r" (period|periods|cycle|menstruation|menses) (\w+ ){0,4}(stop\w*|gone|disappear\w*|vanish\w*|missing|"
            r"went away|go away|dried up|irregular|late|skip\w*|absent|havent come|hasnt come|not come|no show)",
            r" (no|missed|miss|missing|lost|lose|losing|skipped|havent had|hasnt had|not had|not having|no longer get)"
            r" (\w+ ){0,3}(period|periods|cycle|menstruation)",
            r" (get|got|getting|bring) (my |her )?(period|periods|cycle) back",
            r" (amenorr\w*|amenor\w*|red s|reds|relative energy defici\w*|female athlete triad|low energy availability)",
            r" (lost|losing|dropped|dropping) (\w+ ){0,3}(weight|\d* ?kg|kilos|pounds|\d* ?lbs|stone) (\w+ ){0,8}"
            r"(without (trying|meaning|dieting)|not (trying|dieting)|dont know why|no idea why|unexplained|cant keep|keep losing)",
            r" (loads of|lots of|several|multiple|so many|keeps? getting|another|constant|repeated) (\w+ ){0,2}(bone injur\w*|stress (fr\w*|reactions?))",
            r" (unexplained|unintentional|unintended) (weight loss|weight|loss of weight)",
            r" (another|second|third|fourth|2nd|3rd|4th|repeat\w*|recurr\w*|keeps? getting|again) (\w+ ){0,2}stress "
            r"(fr\w*|reaction|injur\w*)",
            r" stress (fractures|reactions|injuries) (\w+ ){0,3}(in a row|this year|in two years|keep)",
            r" (time of the month|monthly|monthlies|aunt flo|my cycle|her cycle|cycle) (\w+ ){0,4}(hasnt|has not|havent|never|not) (\w+ ){0,2}(shown|come|came|returned|been)",
            r" (havent|hasnt|not|never) (bled|had a bleed|had my (time|monthly)|come on)",
            r" (nothing|no period|no bleed) (monthly )?(since|for)",
            r" (cycle|period|periods) (\w+ ){0,4}(all over the place|every (two|three|four|2|3|4) months)",
            r" (dont think|not|hasnt|havent|never) (\w+ ){0,3}(had|having|got|get) (her|my|a) (time of the month|period|monthly|cycle)",
            r" (gone|going|got|get|looks?|looking|look|become|became) (really |so |very |super |quite )?(thin|skinny|gaunt|ill|bony)",
            r" (dropped|lost|losing|dropping) (\w+ ){0,2}(loads|dress sizes?|sizes?|a lot|so much)",
            r" (wasting away|skin and bone|race weight)",
            r" (burn\w*|burning) (\w+ ){0,4}more than (i|she|he) (eat|eats)| (eat|eating) (\w+ ){0,3}less than (i|she|he) burn",
            r" (picking up|keeps? getting|another|third|second|fourth|\d+(st|nd|rd|th)?) (\w+ ){0,2}bone (injur\w*|stress|problems?)",
            r" (lighter|thinner) than (before|ever)",
            r" (without|w o|not) (really )?(trying|dieting)| (wasnt|werent|not|wasn t) trying to lose",
            r" clothes (\w+ ){0,3}(baggy|loose|falling off)",
            r" (bone density|dexa|bone scan) (\w+ ){0,5}(low|poor|osteopenia|osteoporosis)",
            r" (\d+|two|three|four|five|six|seven|eight|nine) months of nothing",
            r" (stop|stopped|stopping) (getting|having) (your|my|her|a|their) (period|periods)",
            r" (skip|skips|skipping|skipped|missing|missed) (\w+ ){0,2}periods? ",
            r" (period|periods|cycle) (is |are )?(coming|comes|come) (\w+ ){0,4}(in|every) (\d|two|three|four)",
            r" (clothes|trousers|jeans|shorts) (\w+ ){0,2}falling off",
            r" weight (keeps|is|has been|just) (\w+ ){0,1}(dropping|falling|going down)",
            r" hair (is )?(coming|falling) out",
        ),
        calm=(
            r" (few|couple of|\d|two|three) days late| (a |about a |one )?week late",
            r" (still|currently|im still|i am still|im|i am) breastfeeding",
        ),
        descriptions=(
            "my periods have stopped since I increased my mileage",
            "I haven't had a period in months since I started training hard",
            "my periods are irregular and I keep getting injured",
            "I keep losing weight without trying and feel tired all the time",
            "this is my third stress fracture in two years",
            "my teenage daughter's period has stopped since she started cross country",
            "I lost my period when I started marathon training",
            "am I eating enough, my cycle has disappeared",
        ),
        evidence=("mountjoy-2018-red-s-consensus",),
    ),
    Sign(
        name="heart",
        label="chest pain, a racing or irregular heartbeat, fainting or unusual breathlessness",
        action="Stop running. Call your emergency number if chest pain or pressure has not gone away, you fainted "
        "while running, or your heart is racing with chest pain, breathlessness or dizziness; if it has passed, get "
        "an urgent GP appointment (NHS 111 in the UK), and do not run again until a doctor has checked your heart.",
        why="Chest pain, pressure or heaviness, pain spreading to the arm, jaw, neck or back, a racing, pounding or "
        "skipping heartbeat, fainting during exercise, or breathlessness out of proportion to the effort can come "
        "from the heart.",
        urgent=True,
        patterns=(
            r" chest (\w+ ){0,4}(pain\w*|hurt\w*|tight\w*|pressure|ache\w*|aching|heav\w*|squeez\w*|crush\w*|burn\w*|"
            r"sharp|stab\w*|weird|funny|discomfort|feels? like)",
            r" (pain\w*|tight\w*|pressure|ache|aching|heav\w*|squeez\w*|crush\w*|discomfort|weight|elephant) "
            r"(\w+ ){0,3}(in|on|across|around) (\w+ ){0,4}chest",
            r" (left )?(arm|jaw|neck|shoulder) (\w+ ){0,5}(pain\w*|hurt\w*|ache\w*|aching|numb\w*|tingl\w*|heavy) "
            r"(\w+ ){0,8}(run|running|uphill|hills?|effort|exert\w*|exercise|chest)",
            r" (palpitat\w*|palpatat\w*|arrhythm\w*|afib|a fib|atrial fib\w*|svt|ectopic\w*|irregular (heart|pulse|beat))",
            r" heart (?!rate |monitor )(\w+ ){0,3}(skip\w*|flutter\w*|racing|races|raced|pound\w*|jump\w*|flip\w*|somersault\w*|"
            r"miss\w* a beat|misses beats|missing beats|stops?|stopped|goes crazy|went crazy|going crazy|"
            r"irregular|out of rhythm|all over the place)",
            r" (skipped|skipping|extra|missed|missing) (heart ?)?beats? ",
            r" (heart|heart rate|hr|pulse) (\w+ ){0,4}(jump\w*|shot|shoots|spik\w*|went|goes) (\w+ ){0,6}(and stay\w*|stayed there|"
            r"wont come down|didnt come down|even when i (walk\w*|stop\w*)|dizzy|faint|pounding in my (neck|chest|ears))",
            r" (pounding|thumping|hammering|banging) (\w+ ){0,3}in my (neck|chest|throat)",
            r" (faint\w*|fainted|fainting|pass(ed|ing)? out|black(ed|ing)? out|blacked out|lost consciousness|"
            r"collaps\w*|keeled over|nearly fainted|almost fainted|dizzy spell\w*|greyed out|grey out)",
            r" (dizzy|lightheaded|light headed|woozy) (\w+ ){0,6}(chest|heart|faint|pass out|collapse|fall)",
            r" (cant|cannot|could not|couldnt) (\w+ ){0,2}(catch|get) (my )?breath (\w+ ){0,6}(rest|walking|sitting|"
            r"stairs|minutes|ages|after stopping|even when)",
            r" (breathless\w*|out of breath|short of breath|shortness of breath|winded|puffed out) (\w+ ){0,6}(at rest|walking|"
            r"sitting|stairs|lying|at night|for no reason|out of nowhere|suddenly|all of a sudden|much worse|way worse|"
            r"more than usual|worse than (usual|normal|before)|for ages after)",
            r" (struggl\w*|gasping|fighting) (\w+ ){0,2}(to breathe|for breath|for air)",
            r" breathlessness ",
            r" (lose|losing|lost) my breath (\w+ ){0,3}(within|after|in) (\w+ ){0,2}(seconds|a minute|\d+ s)",
            r" (light headed|lightheaded|dizzy|woozy) (\w+ ){0,5}(when|after|as soon as|once) (i )?(stop|stopped|finish\w*)",
            r" (when|after|as soon as|once) (i )?(stop|stopped|finish\w*) (\w+ ){0,5}(light headed|lightheaded|dizzy|woozy)",
            r" (heart attack|cardiac|heart condition|heart problem)",
            r" (sitting|standing|pressing|pushing|squeezing|weight|band|vice|elephant|heavy|tight) (\w+ ){0,3}(on|around|across|in) (my |the |his |her )?chest",
            r" (pain\w*|ache\w*|aching|tight\w*|heav\w*) (\w+ ){0,3}(in|down|into|up) (my |his |her )?(left )?(arm|jaw|neck|shoulder)",
            r" (cant|cannot|couldnt) get enough (air|breath)",
            r" gasping (\w+ ){0,4}(at a pace|on the flat|at rest|on easy|walking|sitting)",
            r" (easy|easiest|gentle|slow) (pace|run|runs|jog|jogs) (\w+ ){0,3}(gasping|cant breathe|breathless)",
            r" (thump\w*|flutter\w*|skip\w*|bang\w*|pound\w*|flip\w*|hammer\w*) (\w+ ){0,3}in (my|his|her|the) chest",
            r" heart (\w+ ){0,3}(hammer\w*|thump\w*|bang\w*|races? off|racing off|no rhythm)",
            r" (no|without) (any )?rhythm",
            r" (everything|it all|world|vision) (went|goes|going) (dark|black|grey)| woke up on the (ground|grass|floor|track)| (was|were) out (for )?(maybe |about )?\d+| came (round|to) ",
            r" (behind|in|on|under) (my |the |his |her )?(breastbone|breast bone|sternum)",
            r" (cant|cannot|couldnt) get my breath| breathing (through|thru) a straw",
            r" heart (\w+ ){0,2}(go|goes|went|going) (very |really |so |super )?(fast|crazy|mad|wild)",
            r" heart (\w+ ){0,2}miss\w* (a |some )?beats?",
        ),
        descriptions=(
            "I get chest pain when I run uphill",
            "my chest feels tight and heavy when I run",
            "my left arm aches and my chest feels heavy on hills",
            "my heart skips beats during runs",
            "my heart is doing somersaults and flutters when I run",
            "I fainted at the end of my race",
            "I nearly passed out during my run and felt dizzy",
            "I am suddenly much more out of breath than usual, even walking",
            "my pulse races to over 200 and stays there",
            "pain in my jaw when I run hard that goes away when I stop",
            "pressure in my chest during intervals",
        ),
    ),
    Sign(
        name="heat-hyponatraemia",
        label="heat illness or low blood sodium (confusion, vomiting, collapse or a severe headache)",
        action="Stop, get somewhere cool, start cooling down and get medical help now.",
        why="Confusion, stopped sweating, vomiting, collapse or a severe headache during or after a hot run or long "
        "race can mean heatstroke, or low blood sodium after drinking a lot; if you have drunk a lot, do not drink "
        "more water until a medic has seen you.",
        urgent=True,
        patterns=(
            # "confused" alone is too common ("confused by the advice"): it counts as a state of mind here.
            r" (felt|feel|feeling|was|were|got|get|became|seemed|seem|seems|very|really|went|totally|completely|and) "
            r"(\w+ ){0,1}(confused|disorient\w*|muddled)",
            r" (confused|confusion|disorient\w*) (and|after|during|at the end|at the finish|in the heat)",
            r" (not with it|didnt know where i was|dont know where i am|talking nonsense|slurr\w*|not making sense|"
            r"acting drunk|seemed drunk|felt drunk|like i was drunk|delirious|seizure\w*|(had|having) a fit|convuls\w*)",
            r" (stop\w*|stopped|not|no longer|wasnt|werent|isnt) (\w+ ){0,2}sweat\w*",
            r" (vomit\w*|throw\w* up|threw up|being sick|puk\w*|was sick) (\w+ ){0,8}(heat|hot|race|marathon|finish|"
            r"run|drink\w*|water|headache)",
            r" skin (\w+ ){0,3}(hot and dry|dry and hot|burning hot)",
            r" (collaps\w*|passed out|fainted) (\w+ ){0,10}(heat|hot|summer|degrees|sun)",
            r" (heat ?stroke|heatstroke|heat exhaustion|heat illness|sunstroke|hyponat\w*|hyponatr\w*|water "
            r"intoxication|overhydrat\w*|low sodium)",
            r" (worst|sudden|severe|splitting|pounding|crushing|blinding|thunderclap|horrible|massive) headache",
            r" headache (\w+ ){0,6}(vomit\w*|confus\w*|sick|wont go|after drinking|swollen)",
            r" (hands|fingers|ankles) (\w+ ){0,3}(swoll\w*|puff\w*|sausage\w*) (\w+ ){0,8}(drink\w*|water|race|marathon)",
            r" (rings?) (\w+ ){0,2}(wont|will not|wouldnt) come off",
            r" (fingers|hands|face) (\w+ ){0,3}(like sausages|swollen|puffy|puffed up)",
            r" (feel|felt|feeling|seem\w*) (sort of |kind of |kinda |a bit |really )?drunk",
            r" (hot but dry|dry but hot)",
            r" (totally|completely|really|a bit|feel|felt|feeling|was|seemed) out of it",
            r" (stopped|not|wasnt) making sense| (couldnt|could not|cant) remember (my|his|her) (own )?(name|postcode|address|where|bib|number|race number)",
            r" (everything|head|brain|mind) (\w+ ){0,2}(got|went|going|felt|feels|was) (foggy|fuzzy|hazy)",
            r" stumbl\w*",
            r" skin (\w+ ){0,3}(red and hot|hot to (the )?touch|hot and red)",
            r" (splitting|pounding|thumping|banging) head| head (is|was) (pounding|splitting|banging|killing)",
            r" (retch\w*|dry heav\w*)",
            r" staggering| (wobbly|weaving) (\w+ ){0,3}(drunk|all over)",
            r" (saying|talking|acting|speaking) (\w+ ){0,2}(weird|strange|odd|nonsense|gibberish|funny)",
            r" light hurts (my |his |her )?eyes",
            r" head (\w+ ){0,2}(pounding|killing|splitting|banging)",
            r" (feel|felt|feeling|was|am|im|very|so|really|dizzy|and) (\w+ ){0,1}(confuse|confused|muddled|disorient\w*)",
            r" (not|dont|cant|couldnt|doesnt|didnt) remember (the )?(last|end|finish|race)",
            r" skin (\w+ ){0,2}(bone dry|dry and hot|hot and dry)",
            r" (feel|felt|feeling) (so )?(wasted|smashed)",
        ),
        calm=(
            r" (hands|fingers) (\w+ ){0,4}(puffy|swell\w*|swollen) (\w+ ){0,12}(goes down|go down|settles?|feel (totally |completely )?fine)",
        ),
        descriptions=(
            "I was confused and stopped sweating during a hot race",
            "my friend collapsed after the marathon and was vomiting",
            "I drank loads of water and now feel sick with a bad headache and swollen hands",
            "I got really hot, dizzy and started throwing up mid run",
            "splitting headache and vomiting after a long run in the heat",
            "my skin went dry and hot and I felt drunk at the end of the race",
        ),
        evidence=("hew-butler-2015-hyponatremia-consensus", "almond-2005-marathon-hyponatremia"),
    ),
    Sign(
        name="blood-clot",
        label="a hot, swollen or painful calf that can mean a blood clot",
        action="Get your calf checked today: ask for an urgent GP appointment, or call your health helpline "
        "(NHS 111 in the UK).",
        why="A hot, swollen, red or painful calf, especially after a flight, a long journey, surgery or while on "
        "the pill, can be a blood clot (DVT), which is not a running injury; call your emergency number if you "
        "also feel breathless, have chest pain or cough up blood.",
        urgent=False,
        patterns=(
            r" (calf|calves|leg|lower leg) (\w+ ){0,12}(hot|red|warm|swoll\w*|puff\w*|bigger|larger|fatter|discolou?r\w*|purple|bluish)",
            r" (hot|red|warm|swollen|puffy) (\w+ ){0,3}(calf|calves|lower leg)",
            r" (dvt|blood clot|clot|thrombo\w*|embolism)",
            r" (flight|flew|flying|long haul|long drive|surgery|operation|plaster|cast) (\w+ ){0,10}(calf|calves)"
            r" (\w+ ){0,6}" + _PAIN,
            r" (calf|calves) (\w+ ){0,3}(pain\w*|hurt\w*|ache\w*|aching|sore|swell\w*|swollen|throb\w*|tender|hot|red|warm) (\w+ ){0,10}(after|since) (\w+ ){0,4}(flight|flew|flying|long haul|long drive|surgery|"
            r"operation)",
            r" (calf|calves) (\w+ ){0,5}(swelled|swollen|swelling|puffed|fat|bigger|fatter)",
            r" (op|operation|surgery|drove|drive|flight) (\w+ ){0,8}(calf|calves) (\w+ ){0,4}(swell\w*|fat|bigger|sore|aches?|hurts?)",
        ),
        calm=(r" no (\w+ ){0,2}(swell\w*|redness)", r" (loosened|loosens|loosen) up"),
        descriptions=(
            "my calf is hot, swollen and red after a long flight",
            "one calf is bigger than the other and throbs, I had knee surgery last month",
            "painful swollen calf that feels warm, I am on the pill",
            "could my calf pain be a blood clot rather than a strain",
        ),
    ),
    Sign(
        name="dark-urine",
        label="dark or cola-coloured urine after exercise",
        action="Stop exercising and get medical help straight away.",
        why="Dark, brown or cola-coloured urine after hard exercise, especially with very sore, swollen or weak "
        "muscles or peeing much less than usual, can mean muscle breakdown (rhabdomyolysis), which can harm the "
        "kidneys.",
        urgent=True,
        patterns=(
            r" (dark|brown|black|red|cola|coke|coca cola|tea|rust\w*|blood\w*|bloody|pink) (\w+ ){0,3}"
            r"(urine|pee|wee|piss)",
            r" (urine|pee|wee|piss) (\w+ ){0,4}(dark|brown|black|red|cola|coke|tea|rust\w*|blood\w*|pink)",
            r" blood in (my |the )?(urine|pee|wee)",
            r" (peeing|pissing|weeing|urinating) (\w+ ){0,2}(dark|brown|black|red|cola|coke|tea|rust\w*|blood\w*|pink)",
            r" (rhabdo\w*|myoglobin\w*)",
            r" (havent|not|cant|couldnt|barely) (\w+ ){0,2}(peed|pee|weed|urinated|passed urine) (\w+ ){0,4}"
            r"(since|all day|hours|race)",
            r" (wee|pee|urine|piss|peed|weed) (\w+ ){0,12}(brownish|reddy|reddish|mahogany|marmite|dandelion|burdock|cola|coke|tea coloured|tea colored|rusty|dark brown|root beer|iced coffee|coffee|maple syrup|syrup|dr pepper|dark beer|beer|whisky|brandy)",
            r" (colour|color) (in|of) (the |my )?(toilet|wee|pee|urine|bowl) (\w+ ){0,6}(brown|red|dark|reddy|reddish)",
            r" (brownish|reddish|reddy brown) (wee|pee|urine)",
            r" (peed|pissed|weed|peeing|weeing) (\w+ ){0,1}(mahogany|brown|cola|coke|dark brown|red|tea)",
            r" toilet (is |was )?(\w+ ){0,2}(brown|red|dark|cola)",
        ),
        calm=(
            r" (had|drank|drinking|after|ate|eating|from) (\w+ ){0,3}(beetroot|beet juice|beets|blackberr\w*)",
            r" dark yellow",
            r"^(?!.*(didnt|did not|havent|not) (have|had|eat|eaten|drink|drunk|drank) (any|it|them)).*(beetroot|beet juice|beets) ",
        ),
        descriptions=(
            "my pee is dark brown after the ultra",
            "after a brutal session my urine looks like coke",
            "my wee was the colour of tea after the marathon and my legs are swollen",
        ),
        # Kidney injury in ultramarathon runners, and ibuprofen's part in it: when the question is close to it.
        related=("lipman-2017-ibuprofen-kidney-ultramarathon",),
    ),
    Sign(
        name="nerves",
        label="numbness, pins and needles or weakness",
        action="Get it assessed by a doctor or physio before you keep running on it.",
        why="Numbness, pins and needles, tingling or weakness are nerve symptoms, not ordinary soreness; call your "
        "emergency number straight away if they come on suddenly or affect one side of the body or the face, and "
        "go to A&E straight away with numbness around your bottom or genitals or new trouble peeing.",
        urgent=True,
        patterns=(
            r" (numb|numbness|numbed|numbing|numbs|pins and needles|pins n needles|tingl\w*|lost (the )?feeling|no feeling|cant feel|cannot feel|"
            r"dead leg feeling|electric (shock|shocks|zaps?)|shooting (pain|down))",
            r" (foot|toes?) (\w+ ){0,2}(drop\w*|slap\w*|flops?|drags?|dragging|catch\w*) ",
            r" (weak|weakness|gives? way|giving way|buckl\w*|collaps\w*) (\w+ ){0,4}(leg|legs|foot|ankle|arm|hand)"
            r" (\w+ ){0,4}(suddenly|for no reason|cant lift|cant push|wont work|dont work|and numb)",
            r" (leg|legs|foot|arm|hand) (\w+ ){0,3}(went|goes|going) (weak|dead|floppy)",
            r" (sciatica|nerve (pain|damage|issue|problem|pinch\w*|irritat\w*|entrap\w*|compress\w*)|trapped nerve|pinched nerve|"
            r"neuropath\w*|neuroma)",
            r" (electric|fizzy|zappy|zapping|buzzing|burning electric) (feeling|sensation|feel)",
            r" (is|goes|go|feels?|went) (all |really |a bit |kinda )?(fizzy|zappy|buzzy)",
            r" (like )?(it|they) (isnt|is not|arent|are not) (mine|part of me)| through a glove| cotton wool| wrapped in cotton",
            r" (cant|cannot|couldnt) (really )?feel (the ground|my feet|her feet|his feet|my foot|my toes)",
            r" (goes|go|gone|went|going) (kinda |kind of |sort of |a bit )?dead",
            r" feeling (in|of) (my |the )?(\w+ ){0,2}(hasnt|has not|never|didnt) come back",
            r" (cant|cannot|couldnt) (go up on|stand on|rise on|get up on) (my )?(tip ?toes?|tiptoe|toes)",
            r" grip (\w+ ){0,3}(weak|weaker|gone)| (leg|arm|hand|foot) is weaker",
            r" pins needles",
            r" (foot|feet|leg|toes|hand) (\w+ ){0,2}(goes|go|went|falls|fell|keeps going) (to )?(asleep|sleep)",
            r" (foot|toes) (doesnt|wont|dont|does not|will not|do not) (come|lift|go) up",
        ),
        calm=(
            r" (cold|freezing|winter|chilly|frosty) (\w+ ){0,4}(tingl\w*|numb\w*)",
            r" (tingl\w*|numb\w*) (\w+ ){0,8}(fine once|once (i|im) warm|warms? up|after (i )?warm\w* up)",
        ),
        descriptions=(
            "my foot goes numb on long runs",
            "pins and needles in my toes when I run",
            "tingling down the back of my leg while running",
            "my leg suddenly went weak and I couldn't push off",
            "my foot slaps the ground and I can't lift my toes",
            "I lose feeling in my foot after a few miles",
        ),
    ),
    Sign(
        name="acute-injury",
        label="an injury you cannot put weight on, sudden swelling, a pop or a deformity",
        action="Stop and get it seen straight away at an urgent care centre or an emergency department.",
        why="Not being able to put weight on it, a pop or snap followed by sudden swelling or loss of use, or a "
        "joint or bone that looks out of shape can mean a fracture, a dislocation or a torn ligament or tendon.",
        urgent=True,
        patterns=(
            r" (cant|cannot|can not|unable to|couldnt|could not|not able to|no way i can|hardly|barely) (\w+ ){0,2}(bear|put|take|"
            r"stand|carry) (\w+ ){0,2}weight",
            # ...but "cannot walk down the stairs" two days after a marathon is ordinary soreness.
            r" (cant|cannot|can not|unable to|couldnt|could not|barely) (\w+ ){0,1}(walk(?! (down|up) (the )?stairs)|stand|"
            r"put my foot down|stand on it|walk on it|move it|bend it|straighten it)",
            r" (double|twice|three times) (the|its) (normal )?size",
            r" (heard|felt|there was|a|loud) (\w+ ){0,2}(pop|popped|snap|snapped|crack|cracked|tear|tore|rip)",
            r" (popped|snapped|tore|ripped|torn|ruptur\w*|dislocat\w*)",
            r" (sudden\w*|massive\w*|huge|severe\w*|big|balloon\w*|golf ball|instant\w*|straight away|immediately) "
            r"(\w+ ){0,4}swell\w*",
            r" swell\w* (\w+ ){0,4}(sudden\w*|massive\w*|huge|severe\w*|straight away|immediately|like a balloon|"
            r"instantly|loads)",
            r" (looks?|looked|is|was|sticking) (\w+ ){0,3}(out of place|deformed|bent|wonky|funny angle|wrong angle|"
            r"at an angle|out of shape|sticking out)",
            r" (pointing|facing|bent|twisted) (\w+ ){0,2}(the )?wrong way",
            r" (knee|ankle|joint|foot|wrist|elbow) (\w+ ){0,2}(blew up|ballooned|swelled up|puffed up)",
            r" (kicked|felt like (someone|somebody) (kicked|hit|shot)) (\w+ ){0,4}(calf|heel|achilles|back of)",
            r" squared off| (off|out) to the side| a bend in (it|his|her|my)",
            r" swell\w* (\w+ ){0,2}(fast|quickly|rapidly)",
            r" (cant|cannot|couldnt|unable to) (lift|raise|move) (my |his |her )?(arm|leg|foot|shoulder)",
            r" (pointing|sticking out|bent) (sideways|backwards|out to the side)",
            r" (cant|cannot|couldnt|can not) (take|put|do) (even )?(1|one|a|a single) step",
            r" (point|points|pointing) (to |in )?(the )?wrong (way|direction)",
        ),
        descriptions=(
            "I rolled my ankle on the trail and can't put any weight on it",
            "felt a pop in my knee and it swelled up straight away",
            "it felt like someone kicked me in the back of the heel and now I can't push off",
            "my ankle swelled up like a balloon and I can't walk on it",
            "my finger looks bent at a funny angle after I fell",
            "I heard a snap in my calf and can barely walk",
        ),
        related=("vuurberg-2018-ankle-sprain-guideline",),  # ankles only: when the question is close to it
    ),
    Sign(
        name="pregnancy",
        label="bleeding, fluid loss, pain or dizziness in pregnancy",
        action="Contact your midwife or maternity unit now (early in pregnancy, your GP or early pregnancy unit), "
        "and stop running until they have checked you.",
        why="Bleeding or spotting, fluid leaking, tummy or pelvic pain, regular contractions or dizziness in "
        "pregnancy need checking straight away; call your emergency number if the bleeding is heavy, you pass "
        "clots, you feel faint, or you have sharp or constant tummy pain.",
        urgent=False,
        patterns=(
            r" (pregnant|pregnancy|expecting|weeks along|weeks gone|trimester|bump|baby on board|\d+ ?weeks pregnant|"
            r"\d+ ?wks|\d+ ?weeks|the baby|my baby)"
            r" (\w+ ){0,15}(bleed\w*|blood|spott\w*|leak\w*|fluid|waters|cramp\w*|contraction\w*|tighten\w*|"
            r"pain\w*|hurt\w*|dizz\w*|faint\w*|lightheaded|light headed|headache|baby moving less|"
            r"less movement|fewer movements|not moving)",
            r" (bleed\w*|blood|spott\w*|leak\w*|fluid|waters|cramp\w*|contraction\w*|dizz\w*|faint\w*) "
            r"(\w+ ){0,15}(pregnant|pregnancy|expecting|weeks along|trimester|bump|midwife|the baby|my baby)",
            r" (pregnant|pregnancy|expecting|trimester|\d+ ?weeks|\d+ ?wks) (\w+ ){0,15}(brown (stuff|discharge)|discharge|in my knickers|pink when i wiped|when i wiped|watery|trickl\w*)",
            r" (brown (stuff|discharge)|pink when i wiped|watery (stuff|fluid)|trickl\w*) (\w+ ){0,15}(pregnant|pregnancy|expecting|trimester|\d+ ?weeks|\d+ ?wks)",
            r" (preggo|preggers|pregnant|expecting|trimester|\d+ ?wks|\d+ ?weeks) (\w+ ){0,15}(gush\w*|belly (goes|going|gets) hard|tight\w*|goes hard|pressure|pelvis|pelvic|pushing down)",
            r" (leak\w*|fluid|gush\w*) (\w+ ){0,15}(\d+ ?wks|preggo|preggers)",
            # Discomfort counts when it is in the tummy, bump or pelvis, not running feeling uncomfortable.
            r"(?=.* (pregnan\w*|expecting|trimester|bump|\d+ ?weeks|\d+ ?wks) ).* (discomfort|uncomfortable)"
            r" (in|around|low in) (my |the )?(bump|tummy|belly|pelvis|abdomen)",
            r" (preggo|preggers) (\w+ ){0,15}(bleed\w*|blood|spott\w*|leak\w*|fluid|waters|cramp\w*|pain\w*|dizz\w*|faint\w*)",
        ),
        descriptions=(
            "I'm pregnant and spotting after my run",
            "23 weeks pregnant and I get cramps in my tummy when I jog",
            "expecting and I felt dizzy and lightheaded on my run",
            "I think I leaked some fluid during my run, I'm 30 weeks",
            "pregnant runner with period-like pains and tightening after running",
        ),
        # Ordinary running discomfort is not a sign (none of the sources lists it); after a real sign, the
        # guideline on activity in pregnancy is evidence about it.
        evidence=("mottola-2018-pregnancy-activity-guideline",),
        disclaimer="General information from the club library, not medical advice: in pregnancy your midwife or "
        "maternity unit is the right first call.",
    ),
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
