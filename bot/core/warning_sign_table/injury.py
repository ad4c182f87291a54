"""Warning signs of the body's structures: bone stress, blood clots, muscle breakdown, nerves, acute injury."""

from __future__ import annotations

from bot.core.warning_sign_table.sign import BONE, PAIN, Sign

BONE_STRESS = Sign(
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
        r" (pinpoint|one spot|one tiny spot|finger ?tip|fingertip|press on) (\w+ ){0,6}" + PAIN,
        r" "
        + PAIN
        + r" (\w+ ){0,6}(at night|in bed|wakes? me|woke me|keeps me up|when i(m| am) resting|at rest|on the sofa|on the couch|lying down"
        r"|even resting|while resting|sitting still)",
        r" (worse|worst|more|earlier|sooner) (\w+ ){0,3}(every|each|with every|with each) (single )?(run|time i run|session|km|mile) ",
        r" "
        + PAIN
        + r" (\w+ ){0,6}(even|when|while) (im |i am )?(just )?(sitting|lying|resting|in bed|on the sofa|at my desk|not running)",
        r" (lump|bump|swelling) on (the |my )?(\w+ )?(bone|shin|shinbone|shin bone|tibia|foot)",
        r" (can|could|might|may|is|would) (this|it|that) (\w+ ){0,1}(be|mean) (a )?(stress (fr\w*|reaction)|fractur\w*)",
        r" (pain|hurts?) (\w+ ){0,2}(on impact|with every step|every step|each step|every footstrike|when my foot lands)",
        r" (hurts?|pain\w*) (\w+ ){0,3}(to walk|when i walk|walking) (\w+ ){0,6}" + BONE,
        r" " + BONE + r" (\w+ ){0,4}(hurts?|pain\w*|aches?) (\w+ ){0,3}(to walk|when i walk|even walking|walking) ",
        r" (one|exact|a|this|that|tiny|little) (\w+ ){0,2}(spot|point) (\w+ ){0,10}(press\w*|poke\w*|push\w*|touch\w*|finger)",
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
        # The heel squeeze test: pain squeezing the sides of the heel bone, not under it.
        r" heel (\w+ ){0,4}squeez\w*| squeez\w* (\w+ ){0,3}(sides?|both sides) of (my |the |his |her )?heel",
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
)

BLOOD_CLOT = Sign(
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
        r" (\w+ ){0,6}" + PAIN,
        r" (calf|calves) (\w+ ){0,3}(pain\w*|hurt\w*|ache\w*|aching|sore|swell\w*|swollen|throb\w*|tender|hot|red|warm) (\w+ ){0,10}(after|since) (\w+ ){0,4}(flight|flew|flying|long haul|long drive|surgery|"
        r"operation)",
        r" (calf|calves) (\w+ ){0,5}(swelled|swollen|swelling|puffed|fat|bigger|fatter)",
        r" (op|operation|surgery|drove|drive|flight) (\w+ ){0,8}(calf|calves) (\w+ ){0,4}(swell\w*|fat|bigger|sore|aches?|hurts?)",
        # A strained muscle hurts when used; calf pain that is worse sitting still is not a strain.
        r" (calf|calves) (\w+ ){0,30}(worse|more painful|hurts more|hurt more) (when|while) (i was |im |i am |i )?(sitting|sat|resting|lying)",
    ),
    calm=(r" no (\w+ ){0,2}(swell\w*|redness)", r" (loosened|loosens|loosen) up"),
    descriptions=(
        "my calf is hot, swollen and red after a long flight",
        "one calf is bigger than the other and throbs, I had knee surgery last month",
        "painful swollen calf that feels warm, I am on the pill",
        "could my calf pain be a blood clot rather than a strain",
    ),
)

DARK_URINE = Sign(
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
        r" pea (is|was|looks|looked) (\w+ ){0,2}(dark|brown|black|red|cola|coke)",  # voice to text
        r" (loo|toilet|wee|pee) (\w+ ){0,6}(looked|looks|look|was|is) (\w+ ){0,1}(like )?(coffee|cola|coke|strong tea)",
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
)

NERVES = Sign(
    name="nerves",
    label="numbness, pins and needles or weakness",
    action="Get it assessed by a doctor or physio before you keep running on it.",
    why="Numbness, pins and needles, tingling or weakness are nerve symptoms, not ordinary soreness; call your "
    "emergency number straight away if they come on suddenly or affect one side of the body or the face, and "
    "go to A&E straight away with numbness around your bottom or genitals or new trouble peeing.",
    urgent=True,
    patterns=(
        r" (numb|numbness|numbed|numbing|numbs|pins and needles|tingl\w*|lost (the )?feeling|no feeling|cant feel|cannot feel|"
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
)

ACUTE_INJURY = Sign(
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
        r"put my foot down|stand on it|walk on it|move it|(bend|straighten) (it|my \w+|his \w+|her \w+))",
        r" (double|twice|three times) (the|its) (normal )?size",
        r" (heard|felt|there was|a|loud) (\w+ ){0,2}(pop|popped|snap|snapped|crack|cracked|tear|tore|rip)",
        r" (popped|snapped|tore|ripped|torn|ruptur\w*|dislocat\w*)| (went|go|goes|going) (pop|snap|crack)",
        r" (sudden\w*|massive\w*|huge|severe\w*|big|balloon\w*|golf ball|instant\w*|straight away|immediately) "
        r"(\w+ ){0,4}swell\w*",
        r" swell\w* (\w+ ){0,4}(sudden\w*|massive\w*|huge|severe\w*|straight away|immediately|like a balloon|"
        r"instantly|loads)",
        r" (looks?|looked|is|was|sticking) (\w+ ){0,3}(out of place|deformed|bent|wonky|funny angle|wrong angle|"
        r"at an angle|out of shape|sticking out)",
        r" (pointing|facing|bent|twisted) (\w+ ){0,2}(the )?wrong way",
        r" (knee|ankle|joint|foot|wrist|elbow) (\w+ ){0,2}(blew up|ballooned|swelled up|puffed up)",
        r" (kicked|felt like (someone|somebody) (kicked|hit|shot)) (\w+ ){0,4}(calf|heel|achilles|back of)",
        r" squared off| (off|out) to the (outside|inside|side)| a bend in (it|his|her|my)",
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
    # A blister that popped is not a tendon that did.
    calm=(r" blisters? (\w+ ){0,15}(pop\w*|burst)| (pop|popped|popping|burst) (\w+ ){0,3}blisters?",),
    related=("vuurberg-2018-ankle-sprain-guideline",),  # ankles only: when the question is close to it
)
