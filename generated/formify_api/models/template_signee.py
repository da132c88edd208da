from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.signature_placement import SignaturePlacement
from ..models.signature_type import SignatureType
from ..types import UNSET, Unset

T = TypeVar("T", bound="TemplateSignee")


@_attrs_define
class TemplateSignee:
    """Not in the published reference: the item schema of a template's `signeeDetails` (shown only as "array of objects");
    assumed to mirror the signee members a template can default. A signee slot of a template with its default signature
    settings.

        Attributes:
            full_name (str | Unset): Full name, if the template sets one.
            email_address (str | Unset): Email address, if the template sets one.
            phone_number (str | Unset): Phone number, if the template sets one.
            signature_type (SignatureType | Unset): How a signee signs: `digital_ink` (drawn, SES), `bankid_identification`
                (Swedish BankID, AES), `digital_ink_id_scan` (ID scan then drawn signature; needs `existing` placement with both
                boxes), `face_liveness` (ID scan with a video selfie liveness check). `not_set` is reported in responses when no
                type has been chosen.
            signature_placement (SignaturePlacement | Unset): Where the signature field goes: `existing` (coordinates on an
                existing page, via `signatureBox`) or `new_page` (an A4 portrait page appended at the end; not supported for
                `digital_ink_id_scan`).
            signature_box (SignatureBox | Unset): Position of a signature field for `existing` placement. The field is 219 x
                58 points before scaling. Members left out fall back to the template's values; with `existing` placement `x`,
                `y`, `page` and `scale` must come from the request or the template.
            id_scan_box (IdScanBox | Unset): Position of the scanned-ID placeholder, required with `digital_ink_id_scan`.
                The placeholder is 218 x 138 points before scaling. Members left out fall back to the template's values.
            signing_order (int | Unset): Default position in the signing sequence.
    """

    full_name: str | Unset = UNSET
    email_address: str | Unset = UNSET
    phone_number: str | Unset = UNSET
    signature_type: SignatureType | Unset = UNSET
    signature_placement: SignaturePlacement | Unset = UNSET
    signature_box: SignatureBox | Unset = UNSET
    id_scan_box: IdScanBox | Unset = UNSET
    signing_order: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        full_name = self.full_name

        email_address = self.email_address

        phone_number = self.phone_number

        signature_type: str | Unset = UNSET
        if not isinstance(self.signature_type, Unset):
            signature_type = self.signature_type.value

        signature_placement: str | Unset = UNSET
        if not isinstance(self.signature_placement, Unset):
            signature_placement = self.signature_placement.value

        signature_box: dict[str, Any] | Unset = UNSET
        if not isinstance(self.signature_box, Unset):
            signature_box = self.signature_box.to_dict()

        id_scan_box: dict[str, Any] | Unset = UNSET
        if not isinstance(self.id_scan_box, Unset):
            id_scan_box = self.id_scan_box.to_dict()

        signing_order = self.signing_order

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if full_name is not UNSET:
            field_dict["fullName"] = full_name
        if email_address is not UNSET:
            field_dict["emailAddress"] = email_address
        if phone_number is not UNSET:
            field_dict["phoneNumber"] = phone_number
        if signature_type is not UNSET:
            field_dict["signatureType"] = signature_type
        if signature_placement is not UNSET:
            field_dict["signaturePlacement"] = signature_placement
        if signature_box is not UNSET:
            field_dict["signatureBox"] = signature_box
        if id_scan_box is not UNSET:
            field_dict["idScanBox"] = id_scan_box
        if signing_order is not UNSET:
            field_dict["signingOrder"] = signing_order

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        full_name = d.pop("fullName", UNSET)

        email_address = d.pop("emailAddress", UNSET)

        phone_number = d.pop("phoneNumber", UNSET)

        _signature_type = d.pop("signatureType", UNSET)
        signature_type = UNSET if _signature_type is None else SignatureType._parse(_signature_type)

        _signature_placement = d.pop("signaturePlacement", UNSET)
        signature_placement = (
            UNSET
            if _signature_placement is None
            else SignaturePlacement._parse(_signature_placement)
        )

        _signature_box = d.pop("signatureBox", UNSET)
        signature_box: SignatureBox | Unset
        if isinstance(_signature_box, Unset):
            signature_box = UNSET
        else:
            signature_box = SignatureBox.from_dict(_signature_box)

        _id_scan_box = d.pop("idScanBox", UNSET)
        id_scan_box: IdScanBox | Unset
        if isinstance(_id_scan_box, Unset):
            id_scan_box = UNSET
        else:
            id_scan_box = IdScanBox.from_dict(_id_scan_box)

        signing_order = d.pop("signingOrder", UNSET)

        template_signee = cls(
            full_name=full_name,
            email_address=email_address,
            phone_number=phone_number,
            signature_type=signature_type,
            signature_placement=signature_placement,
            signature_box=signature_box,
            id_scan_box=id_scan_box,
            signing_order=signing_order,
        )

        template_signee.additional_properties = d
        return template_signee

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties


from ..models.id_scan_box import IdScanBox  # noqa: E402
from ..models.signature_box import SignatureBox  # noqa: E402
