# ruff: noqa: E501  (data: long web addresses and sentences)
"""Eight illustrative case studies. Every organisation and result here is made up, and each page
says so; they show the shape of a good case study, not real evidence."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoCase:
    slug: str
    title: str
    organisation: str
    topics: tuple[str, ...]
    audiences: tuple[str, ...]
    summary: str
    problem: str
    done: str
    measures: str
    results: str
    learning: str


CASES = [
    DemoCase(
        "case-ethnicity-recording",
        "Raising ethnicity recording in outpatients from 62% to 91%",
        "Northfield Hospitals NHS Trust (fictional)",
        ("complete-data", "ethnicity"),
        ("operations", "data-and-analysts"),
        "A trust improved how often outpatient clinics recorded ethnicity, so that waiting-list gaps could be seen.",
        "Over a third of outpatient records had no ethnic category, so nobody could tell whether waits differed by group.",
        "Reception staff were trained to ask, the booking system stopped defaulting to 'not known', and teams saw weekly completeness by clinic.",
        "Percentage of new outpatient attendances with a valid ethnic category; share recorded as 'not stated'.",
        "Completeness rose from 62% to 91% in nine months; 'not stated' stayed near 4%.",
        "Showing each clinic its own figure did more than reminders. Explaining why we ask mattered to patients.",
    ),
    DemoCase(
        "case-hypertension-core20",
        "Blood pressure checks in the most deprived neighbourhoods",
        "Riverside Primary Care Network (fictional)",
        ("hypertension", "core20", "community-health"),
        ("medical", "nursing", "public-health"),
        "Pop-up checks in community venues found people with high blood pressure who had not seen a GP for years.",
        "Recorded hypertension was lowest in the practices serving the most deprived areas, suggesting many cases were missed.",
        "Community health workers ran checks at a mosque, a food bank and two football clubs, with same-week GP follow-up.",
        "People checked; new diagnoses; share treated to target at six months, split by deprivation decile.",
        "1,240 people checked, 186 newly diagnosed, 71% treated to target at six months.",
        "Trusted venues and local staff made the difference; follow-up slots had to be protected.",
    ),
    DemoCase(
        "case-waiting-list-deprivation",
        "Looking at the elective waiting list by deprivation",
        "Eastvale Teaching Hospitals NHS Foundation Trust (fictional)",
        ("restore-services-inclusively", "core20", "data-and-analysis"),
        ("operations", "chairs-and-non-executives"),
        "A board asked for waiting times by deprivation and ethnicity beside the usual waiting-time report.",
        "The board saw only the overall 18-week figure and could not tell who waited longest.",
        "Analysts linked waiting-list records to deprivation deciles and added a chart and table to the monthly board report.",
        "Median wait and share waiting over 52 weeks by deprivation quintile, with confidence intervals.",
        "People from the most deprived fifth waited three weeks longer at the median; clinical prioritisation was changed to look at this.",
        "Putting the gap on the same page as the headline target changed the board's questions.",
    ),
    DemoCase(
        "case-digital-exclusion",
        "Keeping a phone route for people who do not go online",
        "Westmoor Integrated Care Board (fictional)",
        ("digital-exclusion", "plus-groups"),
        ("operations", "communications"),
        "When appointment booking moved online, the system kept and advertised a phone and face-to-face route.",
        "Older people and people with limited English were missing appointments after the move to online booking.",
        "A staffed phone line, interpreters on request, and letters as well as texts for people who asked.",
        "Did-not-attend rates by age band and by main language.",
        "The gap in missed appointments between people over 75 and others halved in six months.",
        "Digital first must not mean digital only; ask people how they want to be contacted.",
    ),
    DemoCase(
        "case-maternity-continuity",
        "Continuity of carer for women from the most deprived areas",
        "Southbridge Maternity Services (fictional)",
        ("maternity", "ethnicity", "core20"),
        ("nursing", "medical"),
        "A maternity service gave women from deprived areas and Black and Asian women the same midwife team throughout.",
        "Outcomes and experience were worse for women from the most deprived areas and from Black and Asian groups.",
        "Two midwife teams based in children's centres, with interpreters and longer first appointments.",
        "Booking before 10 weeks; preterm births; women's reported experience.",
        "Early booking rose from 55% to 72% in the teams' areas.",
        "Teams based where women live were reached earlier; staffing the teams needed a board decision.",
    ),
    DemoCase(
        "case-smi-health-checks",
        "Annual physical health checks for people with severe mental illness",
        "Hilltop Mental Health NHS Trust (fictional)",
        ("severe-mental-illness", "prevention"),
        ("medical", "nursing"),
        "Peer workers helped people with severe mental illness attend their annual physical health check.",
        "Fewer than half of people on the severe mental illness register had a full annual health check.",
        "Peer support workers contacted people, went with them, and checks were offered in community mental health teams.",
        "Share of people on the register with all six checks in the year, by ethnicity and deprivation.",
        "Completion rose from 41% to 63%.",
        "People trusted peer workers; checks in familiar places were kept.",
    ),
    DemoCase(
        "case-anchor-employment",
        "Local jobs for local people: an anchor employer programme",
        "Greyford Community Health NHS Trust (fictional)",
        ("sustainable-economies", "population-and-workforce"),
        ("workforce", "finance"),
        "A trust opened entry-level posts to people from its most deprived neighbourhoods, with support into work.",
        "The trust's staff did not reflect its local population, and local unemployment was high.",
        "Guaranteed interviews, paid pre-employment courses, and mentors for the first year.",
        "People recruited from the most deprived fifth of neighbourhoods; retention at one year.",
        "84 people started in a year; 79% were still in post after twelve months.",
        "Pre-employment support and mentoring mattered as much as opening the posts.",
    ),
    DemoCase(
        "case-board-development",
        "A board development programme on health inequalities",
        "Lakeside NHS Foundation Trust (fictional)",
        ("board-leadership", "leadership-accountability", "relational-dynamics"),
        ("chairs-and-non-executives", "chief-executives", "hi-leads"),
        "A board spent four sessions over a year learning about inequalities and agreeing what to measure.",
        "The named lead for health inequalities had no time, budget or shared measures, and the board saw the topic as hers alone.",
        "Sessions with residents with lived experience, a data walk-through, and agreement on six measures for the board report.",
        "Board agenda time on inequalities; measures agreed and reported quarterly.",
        "Inequalities became a standing item, with six measures in every quarterly board paper.",
        "Hearing from residents changed the board's view more than the data alone.",
    ),
]

# (slug, title, level, audiences, introduction, [(resource slug, why)])
PATHWAYS = [
    (
        "pathway-new-hi-lead",
        "Starting out as a health inequalities lead",
        "introductory",
        ("hi-leads", "chairs-and-non-executives"),
        "Six steps for your first quarter in the role: what inequalities are, what the NHS expects, and how to report to your board.",
        [
            ("what-are-health-inequalities", "The ideas and words you will use."),
            ("leading-for-equity", "What other leads said they needed."),
            ("core20plus5-adults", "The national approach you will be asked about."),
            ("planning-guidance-2021-22", "The five priority actions."),
            ("case-board-development", "How one board made it everyone's business."),
            ("board-paper-template", "Your first board paper."),
        ],
    ),
    (
        "pathway-ethnicity-data",
        "Getting ethnicity data right",
        "introductory",
        ("data-and-analysts", "operations"),
        "Why ethnicity data quality matters, how to measure it, and how to improve it.",
        [
            ("ethnic-category-data-dictionary", "The codes and what 'not stated' means."),
            ("asking-about-ethnicity", "Improving recording at the front door."),
            ("case-ethnicity-recording", "What one trust did."),
            (
                "ethnic-inequalities-in-healthcare-rapid-evidence-review",
                "What better data lets us see.",
            ),
        ],
    ),
    (
        "pathway-measuring-inequality",
        "Measuring inequality for your board",
        "advanced",
        ("data-and-analysts", "hi-leads"),
        "From deprivation deciles to the slope index of inequality, and showing gaps beside the headline measures.",
        [
            ("imd-2025", "Deprivation ranks for current data."),
            ("who-inequality-monitoring-handbook", "Choosing measures of inequality."),
            ("segment-tool", "What drives the life expectancy gap."),
            ("case-waiting-list-deprivation", "Waiting lists by deprivation."),
            ("qi-made-simple", "Charts over time."),
        ],
    ),
]
