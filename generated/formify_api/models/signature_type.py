from enum import StrEnum


class SignatureType(StrEnum):
    BANKID_IDENTIFICATION = "bankid_identification"
    DIGITAL_INK = "digital_ink"
    DIGITAL_INK_ID_SCAN = "digital_ink_id_scan"
    FACE_LIVENESS = "face_liveness"
    NOT_SET = "not_set"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "SignatureType | None":
        # Forward compatibility (formify custom template): the API adds enum values over time;
        # a value this client does not know yet becomes a pseudo-member instead of a ValueError.
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member
