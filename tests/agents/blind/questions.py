"""The whole blind bank: the learning half and the frozen half (split by a hash of each case id).

The cases live in learn.py and frozen.py; helpers in common.py."""

from __future__ import annotations

from tests.agents.bank import Case
from tests.agents.blind import frozen, learn

BLIND: list[Case] = learn.BLIND + frozen.BLIND

_KINDS = {
    "count with filter": """a-count-tx a-name-international a-lat-between a-outside-usa a-fl-south-26 a-city-spring
        a-west-150 a-mn-municipal l-total l-female l-homicides l-age-20-30 l-male-over-40 l-neighborhood-park
        l-under-18 i-rows-above-10000 o-long o-close-above-30 o-negative-ret o-close-25-28 o-high31-low30
        d-gas-above-2-5 d-miles-above-9000 g-invest-above-100 s-poverty-above-15 s-hsgrad-85-90 s-new-in-name
        s-murder-below-2 n-respondents n-vote-dole n-older-60 n-age-30-40 n-income-20-plus m-negative-infl
        m-unemp-above-8 m-n-quarters""",
    "distinct count": """a-distinct-states a-cities-per-state l-distinct-neighborhoods l-neighborhoods-per-race
        i-distinct-sources o-distinct-signals g-n-firms n-distinct-pid""",
    "aggregate (overall or per group)": """a-mean-lon-ca a-max-lat-ak a-median-lat-country a-per-country
        l-age-by-race l-median-age l-youngest l-per-type l-female-per-race i-total-renewables i-total-per-source
        i-max-nuclear i-min-fossil o-ret-per-signal o-avg-range o-lowest-low o-median-ret-short d-max-miles
        g-invest-per-firm g-avg-value-gm g-median-capital g-years-per-firm s-avg-poverty s-median-urban
        s-murder-texas s-murder-urban-80 s-max-poverty n-avg-age n-age-by-vote n-income-by-educ n-median-popul
        n-count-per-educ n-avg-age-phd n-tv-by-pid m-max-infl m-gdp-by-quarter d-rows-per-side""",
    "top-N / bottom-N ranking": """a-top4-states a-southernmost3-usa l-per-race-sorted o-top3-returns
        d-cheapest3-gas g-top3-invest g-bottom3-value s-top5-violent s-bottom3-white m-top5-infl-years
        i-top3-years-fossil""",
    "arg-max / arg-min (a label)": """a-northernmost a-city-most a-state-northmost-avg l-oldest-lastname
        l-race-oldest-avg i-source-most i-year-renewables-max o-day-close-max d-year-gas-max d-year-fewest-miles
        g-lowest-avg-capital g-largest-single-invest g-year-max-invest s-highest-murder s-lowest-hsgrad
        s-max-single n-educ-most-tv n-pid-oldest m-year-max-unemp m-year-max-tbil m-2009-quarter-max-unemp""",
    "share / percentage": """a-pct-ak l-pct-black i-share-renewables-2017 o-pct-positive g-share-gm
        s-pct-violent-500 n-pct-tv-daily m-pct-negative-realint""",
    "missing values": """a-missing-city a-no-state l-missing-age i-missing n-missing-income m-missing-realinv""",
    "time (dates, years, ranges, trends)": """l-apr30 l-apr29-may3 l-after-may l-may i-nuclear-2010
        i-total-per-year i-avg-source-since-2010 i-avg-renewables-2001-2005 i-renewables-trend i-total-2017
        o-avg-close-july o-max-high-june o-days-jul1-15 o-sum-ret-june d-avg-miles-since-2000 d-miles-1980
        d-avg-gas-1970s d-miles-2005-2010 d-gas-1990s d-miles-2000-2010-total g-invest-1954 g-ibm-per-year
        g-invest-1940-1945 g-avg-invest-per-year-1950 g-invest-trend m-unemp-per-year-2000 m-infl-since-1990
        m-gdp-2008 m-rows-1970s m-cpi-1979q4 m-min-realint-70-80 m-unemp-1980s m-unemp-2005-2009""",
    "correlation": """o-corr-open-close d-corr-miles-gas g-corr-invest-value g-corr-us-steel s-corr-poverty-murder
        s-corr-single-violent n-corr-selflr-pid m-corr-unemp-infl m-corr-gdp-cons""",
    "comparison of groups": """a-compare-tx-ca l-compare-gender-age i-compare-2005 o-compare-long-short
        d-compare-gas-1956-2010 g-compare-ge-westinghouse s-compare-ca-tx n-compare-dolelr-vote""",
    "follow-up keeping the filter": """a-followup-ak-north l-followup-latino-ois i-followup-renewables-2012
        o-followup-june-short-positive d-followup-1990-gas g-followup-chrysler-value s-followup-poverty-murder
        n-followup-pid6-clinton m-followup-2008-unemp""",
    "clarification (missing column or ambiguous word)": """a-clarify-elevation a-clarify-runways
        a-clarify-coordinate l-clarify-names l-clarify-income i-clarify-price i-clarify-co2 o-clarify-volume
        o-clarify-price d-clarify-accidents g-clarify-profit g-clarify-employees s-clarify-crime-rate
        s-clarify-population s-clarify-unemployment n-clarify-women n-clarify-left-right n-clarify-catholic
        m-clarify-interest m-clarify-exports m-clarify-stocks""",
}
KIND: dict[str, str] = {case_id: kind for kind, ids in _KINDS.items() for case_id in ids.split()}
