"""The lead-provider API's endpoints (DfE's v3 paths and shapes; docs/api.md). Thin: read the query
string (api/query.py), ask api/queries.py or api/services.py, answer in JSON:API."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import serializers as drf
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ecfhub.api import queries, query, services
from ecfhub.api import serializers as s
from ecfhub.api.errors import Unprocessable
from ecfhub.lib.errors import DomainError


class ErrorSerializer(drf.Serializer):
    title = drf.CharField()
    detail = drf.CharField()


class ErrorsSerializer(drf.Serializer):
    errors = ErrorSerializer(many=True)


class UnauthorisedSerializer(drf.Serializer):
    error = drf.CharField()


ERRORS = {
    400: OpenApiResponse(ErrorsSerializer, "Bad request: a query parameter or the body cannot be read."),
    401: OpenApiResponse(UnauthorisedSerializer, "No token, or a revoked or expired one."),
    429: OpenApiResponse(ErrorsSerializer, "Over 1,000 requests in 5 minutes: wait for Retry-After."),
}
WRITE_ERRORS = {
    **ERRORS,
    403: OpenApiResponse(ErrorsSerializer, "A read-only token."),
    404: OpenApiResponse(ErrorsSerializer, "No such participant for this token."),
    422: OpenApiResponse(ErrorsSerializer, "The content is refused: each error says where and why."),
}


def _param(name: str, description: str, **kwargs: Any) -> OpenApiParameter:
    return OpenApiParameter(name, str, OpenApiParameter.QUERY, required=False, description=description, **kwargs)


# Patterns say what is read; anything else gets a 400 naming the parameter.
_UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_MOMENT = "20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](Z|[+-]0[0-9]:00)"
PAGE = [
    _param("page[page]", "The page, from 1.", pattern="^[1-9][0-9]{0,8}$"),
    _param(
        "page[per_page]",
        "Items per page: default 100, at most 3000 (more is read as 3000).",
        pattern="^[1-9][0-9]{0,17}$",
    ),
]
COHORT = _param(
    "filter[cohort]",
    "Cohorts as start years, comma separated, for example 2025,2026.",
    pattern="^20[0-9]{2}(,20[0-9]{2}){0,20}$",
)
SINCE = _param(
    "filter[updated_since]",
    "Only what changed at or after this moment (ISO 8601), for example 2026-05-13T11:21:55Z.",
    pattern=f"^{_MOMENT}$",
)
PARTICIPANT_IDS = _param(
    "filter[participant_id]", "Participant IDs (UUIDs), comma separated.", pattern=f"^{_UUID}(,{_UUID}){{0,20}}$"
)
STATUS = _param("filter[training_status]", "active, deferred or withdrawn.", enum=list(query.TRAINING_STATUSES))
INCLUDE = _param(
    "include_ecf_hub",
    "true: each participant also has ECF Hub's additions under ecf_hub (progress against the hub's "
    "requirement, sessions attended and required). Not in DfE's API; costs more per page.",
    enum=["true", "false"],
)
SORT = _param(
    "sort", "The order: created_at (the default), -created_at, updated_at or -updated_at.", enum=list(query.SORTS)
)


def _filters(request: Request) -> queries.Filters:
    q = request.query_params
    return queries.Filters(
        cohorts=query.read_cohorts(q),
        updated_since=query.read_updated_since(q),
        training_status=query.read_training_status(q),
        participant_ids=query.read_participant_ids(q),
        sort=query.read_sort(q),
    )


def _uuid_or_404(given: str) -> str:
    parsed = query.parse_uuid(given)
    if parsed is None:
        raise NotFound()
    return parsed


class ParticipantsView(APIView):
    @extend_schema(
        operation_id="getParticipants",
        summary="Retrieve multiple participants",
        parameters=[COHORT, SINCE, STATUS, PARTICIPANT_IDS, SORT, INCLUDE, *PAGE],
        responses={200: s.ParticipantsResponseSerializer, **ERRORS},
        tags=["Participants"],
    )
    def get(self, request: Request) -> Response:
        filters, page = _filters(request), query.read_page(request.query_params)
        ecf_hub = query.read_include_ecf_hub(request.query_params)
        data = queries.participant_page(request.auth, filters, page, now=timezone.now(), ecf_hub=ecf_hub)
        return Response(s.ParticipantsResponseSerializer({"data": data}).data)

    @extend_schema(
        operation_id="putParticipants",
        summary="Send the provider's participants (a page of DfE's response) for the hub to reconcile",
        description="The same reconciliation as the participant file: the hub sees the differences and accepts "
        "them. Idempotent by participant_id + updated_at: the same page again returns the same delivery.",
        request=s.ParticipantsPutSerializer,
        responses={200: s.DeliveryResponseSerializer, 201: s.DeliveryResponseSerializer, **WRITE_ERRORS},
        tags=["Participants"],
    )
    def put(self, request: Request) -> Response:
        body = s.ParticipantsPutSerializer(data=request.data)
        if not body.is_valid():
            raise Unprocessable(body.errors)
        delivery = services.receive_participants(token=request.auth, participants=body.validated_data["data"])
        if delivery.provider_file is None:
            grouped: dict[str, list[str]] = {}
            for where, message in delivery.problems:
                grouped.setdefault(where, []).append(message)
            raise Unprocessable(grouped)
        found = delivery.provider_file
        data = {
            "id": str(found.pk),
            "type": "participant-delivery",
            "attributes": {
                "participants": found.row_count,
                "differences": len(found.differences),
                "status": found.status,
                "already_received": not delivery.new,
            },
        }
        return Response(s.DeliveryResponseSerializer({"data": data}).data, status=201 if delivery.new else 200)


class ParticipantView(APIView):
    @extend_schema(
        operation_id="getParticipant",
        summary="Retrieve a single participant",
        parameters=[INCLUDE],
        responses={200: s.ParticipantResponseSerializer, 404: OpenApiResponse(ErrorsSerializer), **ERRORS},
        tags=["Participants"],
    )
    def get(self, request: Request, participant_id: str) -> Response:
        ecf_hub = query.read_include_ecf_hub(request.query_params)
        wanted = _uuid_or_404(participant_id)
        found = queries.one_participant(request.auth, wanted, now=timezone.now(), ecf_hub=ecf_hub)
        if found is None:
            raise NotFound()
        return Response(s.ParticipantResponseSerializer({"data": found}).data)


def _action_view(action: str, request_serializer: type[drf.Serializer], summary: str) -> type[APIView]:
    class ActionView(APIView):
        @extend_schema(
            operation_id=f"{action}Participant",
            summary=summary,
            request=request_serializer,
            responses={200: s.ParticipantResponseSerializer, **WRITE_ERRORS},
            tags=["Participants"],
        )
        def put(self, request: Request, participant_id: str) -> Response:
            person = queries.participant_row(request.auth, _uuid_or_404(participant_id))
            if person is None:
                raise NotFound()
            body = request_serializer(data=request.data)
            if not body.is_valid():
                raise Unprocessable(body.errors)
            attributes = body.validated_data["data"]["attributes"]
            try:
                services.report_status(
                    token=request.auth,
                    participant=person,
                    action=action,
                    course=attributes["course_identifier"],
                    reason=attributes.get("reason", ""),
                )
            except DomainError as error:
                raise Unprocessable({error.code: [error.message]}) from error
            found = queries.one_participant(request.auth, participant_id, now=timezone.now())
            return Response(s.ParticipantResponseSerializer({"data": found}).data)

    ActionView.__name__ = f"{action.title()}View"
    return ActionView


WithdrawView = _action_view("withdraw", s.WithdrawRequestSerializer, "Notify that a participant has withdrawn")
DeferView = _action_view("defer", s.DeferRequestSerializer, "Notify that a participant is taking a break")
ResumeView = _action_view("resume", s.ResumeRequestSerializer, "Notify that a participant is resuming")


class DeclarationsView(APIView):
    @extend_schema(
        operation_id="getDeclarations",
        summary="The evidence the hub holds, each declaration in the body a provider POSTs to DfE",
        parameters=[COHORT, SINCE, PARTICIPANT_IDS, *PAGE],
        responses={200: s.DeclarationsResponseSerializer, **ERRORS},
        tags=["Declarations"],
    )
    def get(self, request: Request) -> Response:
        filters, page = _filters(request), query.read_page(request.query_params)
        found = queries.declarations(request.auth, filters, now=timezone.now())
        data = found[page.offset : page.offset + page.size]
        return Response(s.DeclarationsResponseSerializer({"data": data}).data)


class DeclarationView(APIView):
    @extend_schema(
        operation_id="getDeclaration",
        summary="One declaration's evidence",
        responses={200: s.DeclarationResponseSerializer, 404: OpenApiResponse(ErrorsSerializer), **ERRORS},
        tags=["Declarations"],
    )
    def get(self, request: Request, declaration_id: str) -> Response:
        wanted = _uuid_or_404(declaration_id)
        found = next(
            (d for d in queries.declarations(request.auth, queries.Filters(), now=timezone.now()) if d["id"] == wanted),
            None,
        )
        if found is None:
            raise NotFound()
        return Response(s.DeclarationResponseSerializer({"data": found}).data)


class SessionsView(APIView):
    @extend_schema(
        operation_id="getSessions",
        summary="ECF Hub's training sessions (not in DfE's API)",
        parameters=[COHORT, SINCE, *PAGE],
        responses={200: s.SessionsResponseSerializer, **ERRORS},
        tags=["ECF Hub additions"],
    )
    def get(self, request: Request) -> Response:
        filters, page = _filters(request), query.read_page(request.query_params)
        return Response(s.SessionsResponseSerializer({"data": queries.sessions_page(request.auth, filters, page)}).data)


class AttendanceView(APIView):
    @extend_schema(
        operation_id="getAttendance",
        summary="ECF Hub's register marks per participant and session (not in DfE's API)",
        parameters=[COHORT, SINCE, PARTICIPANT_IDS, *PAGE],
        responses={200: s.AttendanceResponseSerializer, **ERRORS},
        tags=["ECF Hub additions"],
    )
    def get(self, request: Request) -> Response:
        filters, page = _filters(request), query.read_page(request.query_params)
        data = queries.attendance_page(request.auth, filters, page)
        return Response(s.AttendanceResponseSerializer({"data": data}).data)


class SchemaView(SpectacularAPIView):
    """The OpenAPI document, generated; public (it describes the API, it holds no data)."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes: list[Any] = []


def schema_dict() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)  # type: ignore[no-any-return]


def docs(request: HttpRequest) -> HttpResponse:
    """The human docs: a plain GOV.UK page rendered from the generated document (no script, no CDN)."""
    schema = schema_dict()
    operations = [
        {"path": path, "method": method.upper(), **operation}
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]
    return render(request, "api/docs.html", {"schema": schema, "operations": operations})
