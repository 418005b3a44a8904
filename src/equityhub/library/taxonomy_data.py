"""The starting taxonomy: the report's learning topics, Core20PLUS5, the five priorities, and
professional groups. Loaded once by a data migration; editors change it afterwards."""

from __future__ import annotations

from equityhub.library.taxonomy import TopicGroup

TOPICS: list[tuple[str, str, str]] = [
    # (group, slug, name)
    (TopicGroup.TRAINING, "system-partners", "The role of system partners, including citizens"),
    (TopicGroup.TRAINING, "sustainable-economies", "Creating sustainable economies"),
    (TopicGroup.TRAINING, "population-and-workforce", "Population and workforce inequalities"),
    (TopicGroup.TRAINING, "structural-inequality", "Structural inequality and bias"),
    (TopicGroup.TRAINING, "data-and-analysis", "Combining data, analysis and interpretation"),
    (TopicGroup.TRAINING, "community-health", "Supporting communities to improve health"),
    (TopicGroup.TRAINING, "listening-to-communities", "Listening and learning from communities"),
    (TopicGroup.TRAINING, "complexity", "Embracing complexity"),
    (TopicGroup.TRAINING, "relational-dynamics", "Working with relational dynamics"),
    (TopicGroup.TRAINING, "board-leadership", "Board leadership and accountability"),
    (TopicGroup.CORE20PLUS5_ADULTS, "core20", "Core20: the most deprived 20%"),
    (TopicGroup.CORE20PLUS5_ADULTS, "plus-groups", "PLUS groups"),
    (TopicGroup.CORE20PLUS5_ADULTS, "maternity", "Maternity"),
    (TopicGroup.CORE20PLUS5_ADULTS, "severe-mental-illness", "Severe mental illness"),
    (TopicGroup.CORE20PLUS5_ADULTS, "respiratory", "Chronic respiratory disease"),
    (TopicGroup.CORE20PLUS5_ADULTS, "early-cancer-diagnosis", "Early cancer diagnosis"),
    (TopicGroup.CORE20PLUS5_ADULTS, "hypertension", "Hypertension case-finding"),
    (TopicGroup.CORE20PLUS5_ADULTS, "smoking-cessation", "Smoking cessation"),
    (TopicGroup.CORE20PLUS5_CHILDREN, "asthma", "Asthma (children and young people)"),
    (TopicGroup.CORE20PLUS5_CHILDREN, "diabetes", "Diabetes (children and young people)"),
    (TopicGroup.CORE20PLUS5_CHILDREN, "epilepsy", "Epilepsy (children and young people)"),
    (TopicGroup.CORE20PLUS5_CHILDREN, "oral-health", "Oral health (children and young people)"),
    (
        TopicGroup.CORE20PLUS5_CHILDREN,
        "mental-health-cyp",
        "Mental health (children and young people)",
    ),
    (TopicGroup.PRIORITY, "restore-services-inclusively", "Restoring NHS services inclusively"),
    (TopicGroup.PRIORITY, "digital-exclusion", "Mitigating digital exclusion"),
    (TopicGroup.PRIORITY, "complete-data", "Complete and timely datasets"),
    (TopicGroup.PRIORITY, "prevention", "Accelerating preventive programmes"),
    (
        TopicGroup.PRIORITY,
        "leadership-accountability",
        "Strengthening leadership and accountability",
    ),
    (TopicGroup.OTHER, "ethnicity", "Ethnic health inequalities"),
    (TopicGroup.OTHER, "wider-determinants", "Wider determinants of health"),
    (TopicGroup.OTHER, "quality-improvement", "Quality improvement methods"),
]

AUDIENCES: list[tuple[str, str]] = [
    ("chairs-and-non-executives", "Chairs and non-executive directors"),
    ("chief-executives", "Chief executives"),
    ("operations", "Operations and performance"),
    ("medical", "Medical directors and clinicians"),
    ("nursing", "Nursing and midwifery"),
    ("public-health", "Public health"),
    ("finance", "Finance"),
    ("workforce", "Workforce and people"),
    ("data-and-analysts", "Data and analysts"),
    ("communications", "Communications and engagement"),
    ("strategy", "Strategy and transformation"),
    ("hi-leads", "Health inequalities leads and their teams"),
]
