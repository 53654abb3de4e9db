"""The plans list and a plan's page cost the same number of queries at any size."""

from homegym.extensions import db
from tests.conftest import count_queries


def queries_for(client, url) -> int:
    with count_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200
    return len(statements)


def test_the_list_does_not_query_per_plan_or_day(logged_in, user, make_plan):
    make_plan(user, name="Small", days=[("A", 1)], active=True)
    small = queries_for(logged_in, "/plans")

    for number in range(4):
        make_plan(user, name=f"Big {number}", days=[("A", 3), ("B", 3), ("C", 3)])
    big = queries_for(logged_in, "/plans")

    assert big == small


def test_the_plan_page_does_not_query_per_day_or_row(logged_in, user, make_plan):
    small = make_plan(user, name="Small", days=[("A", 1)], active=True)
    few = queries_for(logged_in, f"/plans/{small.id}")

    big = make_plan(user, name="Big", days=[(name, 4) for name in "ABCDE"])
    big.active, small.active = True, False
    db.session.commit()
    many = queries_for(logged_in, f"/plans/{big.id}")

    assert many == few
