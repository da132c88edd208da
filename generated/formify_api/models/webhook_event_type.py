from enum import StrEnum
from typing import Any


class WebhookEventType(StrEnum):
    DOCUMENT_COMPLETED = "document.completed"
    DOCUMENT_CREATED = "document.created"
    DOCUMENT_DELETED = "document.deleted"
    DOCUMENT_OPENED = "document.opened"
    DOCUMENT_REVOKED = "document.revoked"
    DOCUMENT_SIGNED = "document.signed"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "WebhookEventType | None":
        # Forward compatibility (formify custom template): the API adds enum values over time;
        # a value this client does not know yet becomes a pseudo-member instead of a ValueError.
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member

    @classmethod
    def _parse(cls, value: Any) -> "WebhookEventType":
        # formify custom template: from_dict looks a known value up in a dict instead of going
        # through EnumType.__call__ (~1 us each); anything else takes the usual path.
        try:
            return _MEMBERS[value]
        except (KeyError, TypeError):
            return cls(value)


_MEMBERS: dict[object, WebhookEventType] = {member.value: member for member in WebhookEventType}
