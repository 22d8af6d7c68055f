"""Values loaded once per request: only inside a request that changes nothing, never across requests."""

from django.http import HttpResponse
from django.test import RequestFactory

from ecfhub.lib.request_memo import RequestMemoMiddleware, forget, memo


def _counting_loader() -> tuple[list[int], object]:
    calls: list[int] = []

    def load() -> int:
        calls.append(1)
        return len(calls)

    return calls, load


def _run_in_request(method: str, body) -> None:  # type: ignore[no-untyped-def]
    def view(request):  # type: ignore[no-untyped-def]
        body()
        return HttpResponse()

    RequestMemoMiddleware(view)(getattr(RequestFactory(), method)("/"))


def test_a_get_request_loads_each_key_once():
    calls, load = _counting_loader()
    seen: list[int] = []
    _run_in_request("get", lambda: seen.extend([memo("k", load), memo("k", load), memo("other", load)]))  # type: ignore[arg-type]
    assert seen == [1, 1, 2]
    assert len(calls) == 2


def test_a_post_request_loads_afresh_unless_writes_too():
    _calls, load = _counting_loader()
    seen: list[int] = []
    _run_in_request(
        "post",
        lambda: seen.extend(
            [memo("k", load), memo("k", load), memo("w", load, writes_too=True), memo("w", load, writes_too=True)]  # type: ignore[arg-type]
        ),
    )
    assert seen == [1, 2, 3, 3]


def test_nothing_is_kept_outside_a_request_or_between_requests():
    calls, load = _counting_loader()
    assert [memo("k", load), memo("k", load)] == [1, 2]  # type: ignore[arg-type]
    _run_in_request("get", lambda: memo("k", load))  # type: ignore[arg-type]
    _run_in_request("get", lambda: memo("k", load))  # type: ignore[arg-type]
    assert len(calls) == 4


def test_forget_makes_the_rest_of_the_request_load_again():
    _calls, load = _counting_loader()
    seen: list[int] = []

    def body() -> None:
        seen.append(memo("k", load))  # type: ignore[arg-type]
        forget("k")
        seen.append(memo("k", load))  # type: ignore[arg-type]

    _run_in_request("get", body)
    assert seen == [1, 2]
