"""Typed records the tools exchange with the model, and the one date format they use.

Dates travel as ISO-8601 UTC strings ``YYYY-MM-DDTHH:MM:SSZ`` (a bare ``YYYY-MM-DD`` is accepted
and means midnight UTC); records travel as JSON objects whose keys are the graph's property names.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any, Iterable

from pydantic import BaseModel, ConfigDict, Field

DATE_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def parse_datetime(value: str | datetime | date, what: str = "date") -> datetime:
    """A timezone-aware UTC datetime from an ISO string (``Z``, offsets, fractions and bare dates allowed)."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=timezone.utc)
    text = str(value).strip()
    try:
        d = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise ValueError(f"{what} {text!r} is not an ISO date such as 2023-01-31T00:00:00Z") from None
    return d.replace(tzinfo=timezone.utc) if d.tzinfo is None else d.astimezone(timezone.utc)


def format_datetime(d: datetime) -> str:
    return parse_datetime(d).strftime(DATE_FORMAT)


def to_json_value(v: Any) -> Any:
    """Plain JSON values: datetimes and dates as ISO strings, records as dicts (recursively)."""
    if isinstance(v, datetime):
        return format_datetime(v)
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, BaseModel):
        return to_json_value(v.model_dump(exclude_none=True))
    if isinstance(v, dict):
        return {str(k): to_json_value(x) for k, x in v.items()}
    if isinstance(v, (list, tuple, set)):
        return [to_json_value(x) for x in v]
    return v


class CaseRecord(BaseModel):
    """A case as the case tools return it; tools that take cases need only the fields they use."""

    model_config = ConfigDict(extra="allow")

    id: str | None = Field(default=None, description="Case id")
    status: str | None = Field(default=None, description="New, Working, Escalated or Closed")
    createdDate: datetime | None = Field(default=None, description="When the case was created (UTC)")
    closedDate: datetime | None = Field(default=None, description="When the case was closed (UTC); null while open")
    ownerId: str | None = Field(default=None, description="Id of the agent (User) who owns the case")
    accountId: str | None = Field(default=None, description="Id of the customer's Account")
    contactId: str | None = Field(default=None, description="Id of the customer's Contact")
    orderItemId: str | None = Field(default=None, description="Id of the OrderItem the case is about")
    issueId: str | None = Field(default=None, description="Id of the Issue of the case")
    shippingState: str | None = Field(default=None, description="The account's shipping state (US code)")


def case_records(cases: Iterable[Any]) -> list[CaseRecord]:
    """Validate whatever the model (or the oracle) passed as cases: records or plain dicts."""
    if isinstance(cases, (str, bytes)) or not isinstance(cases, Iterable):
        raise ValueError("cases must be a list of case records")
    return [c if isinstance(c, CaseRecord) else CaseRecord.model_validate(c) for c in cases]


def require(value: Any, what: str) -> None:
    if value is None or (isinstance(value, (str, list, dict)) and not value):
        raise ValueError(f"{what} must not be empty")
