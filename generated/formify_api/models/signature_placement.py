from enum import StrEnum


class SignaturePlacement(StrEnum):
    EXISTING = "existing"
    NEW_PAGE = "new_page"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "SignaturePlacement | None":
        # Forward compatibility (formify custom template): the API adds enum values over time;
        # a value this client does not know yet becomes a pseudo-member instead of a ValueError.
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member
