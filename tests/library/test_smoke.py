from typing import Any


def test_search_finds_a_published_resource(client: Any, make_item: Any, filler: Any) -> None:
    make_item(
        title="Ethnicity data quality in hospital records",
        summary="How complete ethnicity recording is.",
        level="introductory",
    )
    response = client.get("/library/search/?q=ethnicity+data+quality")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<mark>Ethnicity</mark>" in body
    page = client.get("/library/ethnicity-data-quality-in-hospital-records/")
    print(page.status_code)
