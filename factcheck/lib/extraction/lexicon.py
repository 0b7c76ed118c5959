"""Word lists the rules rely on: attribution cues, role nouns, organisation heads, stop words.

Kept apart from the rules so that a reviewer can extend a list without reading any regex.
"""

from __future__ import annotations

import re

# Verbs (in the forms news uses) that attribute speech or writing to a subject.
_CUE_WORDS = """
said says say saying told tells telling tell added adds adding asked asks asking wrote writes
writing tweeted tweets tweeting posted posts warned warns warning stressed stresses noted notes
noting explained explains explaining argued argues arguing insisted insists insisting claimed
claims claiming declared declares announced announces stated states continued continues
recalled recalls replied replies replying responded responds suggested suggests acknowledged
acknowledges admitted admits agreed agrees complained complains conceded concedes confirmed
confirms contended contends countered counters described describes describing estimated
estimates predicted predicts promised promises pledged pledges vowed vows urged urges yelled
shouted chanted joked jokes quipped observed observes remarked reported reports reporting
commented comments testified cautioned cautions concluded concludes charged alleged alleges
blasted boasted called calls calling demanded demands denied denies disputed asserted asserts
maintained maintains mused lamented laments reiterated repeated repeats underlined wondered
likened likens dismissed dismisses praised praises criticized criticised criticizes
criticises emphasized emphasised emphasizes emphasises told announced proclaimed proclaims
insisted predicted forecast forecasts warned hailed hails labeled labelled branded termed
described conceded whispered screamed cried sang read reads texted emailed messaged
mentioned mentions revealed reveals disclosed explained advised advises announced accused
accuses pointed declared decried decries slammed slams ruled rules found finds concluded
concurred questioned questions answered answers begged pleaded pleads told recounted recounts
promising vowing pledging urging predicting insisting claiming stating declaring announcing
describing accusing complaining arguing asserting adding explaining suggesting acknowledging
admitting recalling saying writing tweeting posting warning stressing noting telling calling
quoted quoting cited citing echoed echoing retorted retorting interjected objected responded
speak speaks spoke chimed griped fumed raged scoffed sniped snapped marveled marvelled mocked touted touts
""".split()
CUE_VERBS = frozenset(_CUE_WORDS)
# Participles attach to the subject of the clause they modify (", adding: ...").
PARTICIPLE_CUES = frozenset(w for w in CUE_VERBS if w.endswith("ing"))

# Lower-case words that may sit inside a speaker description ("NATO chief", "the minister").
ROLE_WORDS = frozenset(
    """minister secretary president chief spokesman spokeswoman spokesperson spokespeople
    official officials director head leader chairman chairwoman chair senator governor mayor
    police officer officers soldier soldiers analyst analysts expert experts professor author
    authors lawyer lawyers attorney prosecutor prosecutors judge ambassador envoy adviser
    advisor aide aides deputy commander candidate nominee manager executive founder member
    members lawmaker lawmakers representative correspondent reporter editor researcher
    researchers scientist scientists doctor doctors teacher teachers student students resident
    residents witness witnesses victim mother father wife husband son daughter brother sister
    friend neighbor neighbour owner worker workers protesters protester activist activists
    campaign statement report study company ministry department agency group union council
    committee government administration office court coach player star economist strategist
    pollster source sources commenter patient senior former acting top foreign state vice
    assistant associate national security press general presidential spokesperson host
    organizers organisers organiser organizer investigators investigator administrators
    administrator staff staffer board officials diplomat diplomats negotiator minister's
    premier prime chancellor king queen prince leaders parents parent family survivor
    survivors user users fan fans voter voters supporters supporter critics critic
    opponent opponents rival colleague colleagues partner partners lead co-author coauthor
    engineer engineers historian economist lobbyist consultant inspector sheriff captain
    sergeant detective trooper firefighter firefighters medic nurse nurses physician surgeon
    pilot driver farmer farmers resident owner inmate prisoner defendant plaintiff
    chairperson commissioner regulator regulators authorities authority embassy spokesmen
    poll survey letter memo filing lawsuit complaint release tweet post website blog paper
    newspaper documents document indictment ruling verdict order""".split()
)

# Heads that make a capitalised phrase an organisation rather than a person.
ORG_HEADS = frozenset(
    """department ministry council party committee agency commission office administration
    government court police service services association union institute university college
    school foundation company corp corporation inc ltd group bank fund organization
    organisation times post news journal network press agency reuters ap afp bbc cnn nbc cbs
    abc fox kremlin pentagon whitehouse nato un eu congress senate house parliament campaign
    club team league federation board bureau center centre authority authorities
    administration cabinet embassy army navy military coalition alliance movement caucus
    republicans democrats productions records studios media holdings entertainment labs
    laboratory systems technologies airlines motors institution society trust network
    review magazine tribune herald telegraph guardian gazette channel television radio
    newspaper daily weekly chronicle observer politico axios secretariat""".split()
)

PRONOUNS = frozenset("he she they it we i who".split())
PERSON_PRONOUNS = {"he": "m", "she": "f", "i": None, "who": None}
GROUP_PRONOUNS = frozenset(("they", "it", "we"))

# Words that sit between a subject and its verb without changing who speaks.
ADVERBS = frozenset(
    """has had have also later afterwards then previously earlier once again reportedly would
    will could may might repeatedly recently publicly privately separately further simply
    frequently often never not did does do was is were are been quickly flatly angrily first
    ultimately finally subsequently initially still even bluntly openly since just only already
    herself himself themselves itself personally directly later on monday tuesday wednesday
    thursday friday saturday sunday yesterday today tonight night morning afternoon evening
    emphatically""".split()
)
# Adverb phrases allowed between subject and verb must be short: cap the number skipped.
MAX_ADVERBS = 4

# Capitalised words that begin sentences or clauses and are never part of a name.
CAP_STOPWORDS = frozenset(
    """but and the a an in on at when after before yet so also still meanwhile however then
    later this that these those it he she they we i his her their our its if as while though
    although because since for from with by to of or nor not no yes there here what which who
    whom whose where why how all some many most several both each every one two other another
    such according asked told speaking writing earlier last next new monday tuesday wednesday
    thursday friday saturday sunday january february march april may june july august september
    october november december jan feb mar apr jun jul aug sep sept oct nov dec during despite
    amid under over through across among following including like unlike until upon within
    without perhaps now just only even again instead indeed meanwhile today yesterday
    asked""".split()
)
HONORIFICS = frozenset("mr mrs ms miss dr prof sir dame lord lady".split())
FEMALE_HINTS = frozenset("ms mrs miss dame lady spokeswoman chairwoman mother wife daughter".split())
MALE_HINTS = frozenset("mr sir lord spokesman chairman father husband son".split())
NAME_PARTICLES = frozenset("de del della der den van von bin al da la le du dos das di ibn".split())

# A word that can be part of a proper name: capitalised, or an initial, or ALL CAPS.
CAP_WORD = re.compile(r"^(?:[A-Z][\w'’.\-]*|[A-Z]\.(?:[A-Z]\.)*|Mc\w+|O’\w+)$")
AGE = re.compile(r"^\d{1,3}-year-old$")
PARTY_TAG = re.compile(r"^\([A-Z]-?[\w.\- ]*\)$")

# Markers before a short quotation that make it a term or a title rather than speech.
TERM_MARKERS = re.compile(
    r"(?:so-called|dubbed|titled|entitled|the term|the word|the phrase|known as|nicknamed|"
    r"the name|named|hashtag|slogan|label|book|film|movie|song|album|show|series|column|"
    r"headlined|headline|as if to say)\s*[,:]?\s*[\"“‘«„]?$",
    re.I,
)
