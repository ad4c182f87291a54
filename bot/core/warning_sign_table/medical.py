"""Warning signs of the body's systems: under-fuelling (RED-S), the heart, heat illness and low sodium, pregnancy."""

from __future__ import annotations

from bot.core.warning_sign_table.sign import Sign

RED_S = Sign(
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
        r" (no period|no bleed) (monthly )?(since|for)| (?=.* (period|periods|cycle|bleed) ).* nothing (monthly )?(since|for)",
        r" (cycle|period|periods) (\w+ ){0,4}(all over the place|every (two|three|four|2|3|4) months)",
        r" (dont think|not|hasnt|havent|never) (\w+ ){0,3}(had|having|got|get) (her|my|a) (time of the month|period|monthly|cycle)",
        r" (gone|going|got|get|looks?|looking|look|become|became) (really |so |very |super |quite )?(thin|skinny|gaunt|ill|bony)",
        r" (dropped|lost|losing|dropping) (\w+ ){0,2}(loads|dress sizes?|sizes?|a lot|so much)(?! (of )?(fitness|speed|form|time|sleep|motivation))",
        r" (wasting away|skin and bone|race weight)",
        r" (burn\w*|burning) (\w+ ){0,4}more than (i|she|he) (eat|eats)| (eat|eating) (\w+ ){0,3}less than (i|she|he) burn",
        r" (picking up|keeps? getting|another|third|second|fourth|\d+(st|nd|rd|th)?) (\w+ ){0,2}bone (injur\w*|stress|problems?)",
        r" (lighter|thinner) than (before|ever)",
        # Weight lost without trying, not "im not trying to lose weight".
        r" (without|w o) (really |even )?(trying|dieting)| (wasnt|werent) trying to lose| (lost|losing|dropped|"
        r"dropping|down|weight|kg|pounds|lbs) (\w+ ){0,8}not (really |even )?(trying|dieting)",
        r" clothes (\w+ ){0,3}(baggy|loose|falling off)",
        r" (bone density|dexa|bone scan) (\w+ ){0,5}(low|poor|osteopenia|osteoporosis)",
        r" (\d+|two|three|four|five|six|seven|eight|nine) months of nothing",
        r" (stop|stopped|stopping) (getting|having) (your|my|her|a|their) (period|periods)",
        r" (skip|skips|skipping|skipped|missing|missed) (\w+ ){0,2}periods? ",
        r" (period|periods|cycle) (is |are )?(coming|comes|come) (\w+ ){0,4}(in|every) (\d|two|three|four)",
        r" (clothes|trousers|jeans|shorts) (\w+ ){0,2}falling off",
        r" weight (\w+ ){0,2}(dropping|falling|going down|falling off|plummet\w*)",
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
)

HEART = Sign(
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
        r" chest (?!strap|heart rate|hr |monitor)(\w+ ){0,4}(pain\w*|hurt\w*|tight\w*|pressure|ache\w*|aching|heavy|heaviness|squeez\w*|crush\w*|burn\w*|"
        r"sharp|stab\w*|weird|funny|discomfort|feels? like)",
        r" (pain\w*|tight\w*|pressure|ache|aching|heav\w*|squeez\w*|crush\w*|discomfort|weight|elephant) "
        r"(\w+ ){0,3}(in|on|across|around) (\w+ ){0,4}chest",
        r" (left )?(arm|jaw|neck|shoulder) (\w+ ){0,5}(pain\w*|hurt\w*|ache\w*|aching|numb\w*|tingl\w*|heavy) "
        r"(\w+ ){0,8}(run|running|uphill|hills?|effort|exert\w*|exercise|chest|breath|breathe)",
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
        r" (heart|hart) (\w+ ){0,6}(flutter\w*|gallop\w*)",
        r" (more|way more|much more|a lot more) (puffed|breathless|out of breath|winded) (\w+ ){0,2}than (usual|normal|before)",
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
)

HEAT_HYPONATRAEMIA = Sign(
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
        r" (stopped|not|wasnt|didnt) (making|make|makes|made) (any )?sense| (couldnt|could not|cant) remember (my|his|her) (own )?(name|postcode|address|where|bib|number|race number)",
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
)

# "28 weeks" or "30 wks" as how far along, not "2 weeks ago" or "running for about 5 weeks"; "expecting" a
# baby, not "expecting to".
WEEKS = (
    r"(?<!for )(?<!about )(?<!around )(?<!nearly )(?<!almost )(?<!over )(?<!last )(?<!past )(?<!next )(?<!within )"
    r"(?<! in )\d+ ?(weeks|wks)(?! (ago|later|after|before|of|in|out|off|to|into|since|back|from|left|until|till|now))"
)
EXPECTING = r"expecting(?! (to|some|a|an|it|its|more|less|that|the|this|them|him|her|pain|much|any|worse|better|too) )"


PREGNANCY = Sign(
    name="pregnancy",
    label="bleeding, fluid loss, pain or dizziness in pregnancy",
    action="Contact your midwife or maternity unit now (early in pregnancy, your GP or early pregnancy unit), "
    "and stop running until they have checked you.",
    why="Bleeding or spotting, fluid leaking, tummy or pelvic pain, regular contractions or dizziness in "
    "pregnancy need checking straight away; call your emergency number if the bleeding is heavy, you pass "
    "clots, you feel faint, or you have sharp or constant tummy pain.",
    urgent=False,
    patterns=(
        r" (pregnant|pregnancy|"
        + EXPECTING
        + r"|weeks along|weeks gone|trimester|bump|baby on board|\d+ ?weeks pregnant|"
        + WEEKS
        + r"|the baby|my baby|(running|exercising) for two(?! (hours|hrs|miles|minutes|mins|weeks|days|"
        r"months|years|km|k|laps|reps|sets|or|and) ))"
        r" (\w+ ){0,25}(bleed\w*|blood(?! (volume|pressure|tests?|sugar|glucose|flow))|spott\w*|leak\w*|fluid|waters|cramp\w*|contraction\w*|tighten\w*|"
        r"pain\w*|hurt\w*(?! (my|the|her) baby)|pelvis|dizz\w*|faint\w*|lightheaded|light headed|headache|baby moving less|"
        r"less movement|fewer movements|not moving)",
        r" (bleed\w*|blood(?! (volume|pressure|tests?|sugar|glucose|flow))|spott\w*|leak\w*|fluid|waters|cramp\w*|contraction\w*|dizz\w*|faint\w*) "
        r"(\w+ ){0,15}(pregnant|pregnancy|" + EXPECTING + r"|weeks along|trimester|bump|midwife|the baby|my baby)",
        r" (pregnant|pregnancy|"
        + EXPECTING
        + r"|trimester|"
        + WEEKS
        + r") (\w+ ){0,15}(brown (stuff|discharge)|discharge|in my knickers|pink when i wiped|when i wiped|watery|trickl\w*)",
        r" (brown (stuff|discharge)|pink when i wiped|watery (stuff|fluid)|trickl\w*) (\w+ ){0,15}(pregnant|pregnancy|"
        + EXPECTING
        + r"|trimester|"
        + WEEKS
        + r")",
        r" (preggo|preggers|pregnant|"
        + EXPECTING
        + r"|trimester|"
        + WEEKS
        + r") (\w+ ){0,15}(gush\w*|belly (goes|going|gets) hard|tight\w*|goes hard|pressure|pelvis|pelvic|pushing down)",
        r" (leak\w*|fluid|gush\w*) (\w+ ){0,15}(" + WEEKS + r"|preggo|preggers)",
        # Discomfort counts when it is in the tummy, bump or pelvis, not running feeling uncomfortable.
        r"(?=.* (pregnan\w*|" + EXPECTING + r"|trimester|bump|" + WEEKS + r") ).* (discomfort|uncomfortable)"
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
)
