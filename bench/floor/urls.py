from django.shortcuts import render
from django.urls import path


def page(request):  # type: ignore[no-untyped-def]
    return render(request, "floor.html", {"title": "Floor", "items": [f"Item {i}" for i in range(10)]})


urlpatterns = [path("", page)]
