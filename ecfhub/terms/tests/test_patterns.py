import datetime
import itertools

from ecfhub.terms.patterns import standard_half_terms

D = datetime.date


def test_the_2025_26_pattern_matches_the_norfolk_model_calendar():
    # Norfolk 2025/26: autumn 3 Sep–19 Dec (break 27–31 Oct), spring 6 Jan–27 Mar
    # (break 16–20 Feb), summer 14 Apr–17 Jul (break 25–29 May).
    assert standard_half_terms(2025) == [
        (1, D(2025, 9, 3), D(2025, 10, 24)),
        (2, D(2025, 11, 3), D(2025, 12, 19)),
        (3, D(2026, 1, 6), D(2026, 2, 13)),
        (4, D(2026, 2, 23), D(2026, 3, 27)),
        (5, D(2026, 4, 14), D(2026, 5, 22)),
        (6, D(2026, 6, 1), D(2026, 7, 17)),
    ]


def test_every_year_has_six_half_terms_of_three_to_nine_weeks_in_order():
    for year in range(2020, 2040):
        terms = standard_half_terms(year)
        assert [n for n, _, _ in terms] == [1, 2, 3, 4, 5, 6]
        for (_, _, end), (_, next_start, _) in itertools.pairwise(terms):
            assert end < next_start
        for _, start, end in terms:
            assert start.weekday() < 5 and end.weekday() == 4
            # An early Easter makes Spring 2 short (3 Mar–22 Mar 2024 style), never shorter than 3 weeks.
            assert 3 * 7 <= (end - start).days <= 9 * 7, (year, start, end)
