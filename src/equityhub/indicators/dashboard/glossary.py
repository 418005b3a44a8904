"""The terms drafted findings use, defined once for the glossary page and the board paper."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    slug: str
    term: str
    meaning: str


TERMS: tuple[Term, ...] = (
    Term(
        "percentage-point",
        "Percentage point",
        "The difference between two percentages. If 60% of one group and 55% of another are "
        "seen within 18 weeks, the gap is 5 percentage points (not 5%: that would be a relative "
        "difference of about 9%).",
    ),
    Term(
        "confidence-interval",
        "95% confidence interval",
        "The range within which the true value is likely to lie, given the numbers involved. "
        "Small numbers give wide intervals. When two groups' intervals do not overlap, the "
        "difference between them is unlikely to be chance alone.",
    ),
    Term(
        "deprivation-gap",
        "Gap between the most and least deprived",
        "The value in the most deprived tenth (or fifth) of the population minus the value in "
        "the least deprived, by the Index of Multiple Deprivation. Whether a positive gap is "
        "good or bad depends on whether higher values are better for the indicator; each "
        "finding says who is worse off.",
    ),
    Term(
        "slope-index-of-inequality",
        "Slope index of inequality (SII)",
        "The absolute gap across the whole deprivation range, from a line fitted through every "
        "tenth or fifth weighted by its population, not only the two ends. It is in the "
        "indicator's units (percentage points for a percentage). A positive value means higher "
        "values among the most deprived.",
    ),
    Term(
        "relative-index-of-inequality",
        "Relative index of inequality (RII)",
        "The same fitted line expressed as a ratio of the most to the least deprived end. 1 "
        "means no inequality. An absolute gap can widen while the relative gap stays the same "
        "(when everyone's values rise), so findings name which one they mean.",
    ),
    Term(
        "trend-in-inequality",
        "Trend in inequality",
        "The change a year in the slope (or relative) index of inequality, fitted over every "
        "period with more weight on the more precise ones. It is the quantity that is tested: "
        "a change between two chosen periods is not.",
    ),
    Term(
        "statistically-significant",
        "Statistically significant",
        "Unlikely to be chance alone: the 95% confidence interval of the change excludes no "
        "change (p below 0.05). Not significant does not mean no change; it means the data "
        "cannot yet tell.",
    ),
    Term(
        "special-cause-variation",
        "Special-cause variation",
        "In a statistical process control (XmR) chart, a pattern unlikely to arise from the "
        "process as it is: a point beyond the process limits, 7 points in a row on one side of "
        "the mean, 6 points in a row rising or falling, or 2 of 3 points beyond two sigma "
        "(NHS England, Making Data Count). Anything else is common-cause variation. The limits "
        "are provisional with fewer than 15 points.",
    ),
    Term(
        "withheld",
        "Withheld or suppressed",
        "A figure not published to protect small numbers: counts below 10, and any figure from "
        "which such a count could be worked out. Withheld is not missing: the data were "
        "received. Pooling periods or groups can give numbers large enough to publish.",
    ),
)
