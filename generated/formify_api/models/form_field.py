from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.form_field_type import FormFieldType
from ..types import UNSET, Unset

T = TypeVar("T", bound="FormField")


@_attrs_define
class FormField:
    """Not in the published reference: the item schema of the `/fields` endpoints (the reference shows only "array of
    objects"); it is assembled from the properties the prose names (`fieldId`, `name`, `required`, `readOnly`,
    `editable`, `boundingBox`, `defaultValues`, `options` with `label`/`value`) plus a `type` member for the listed
    field types. A PDF form field; its `name` is the key used to read and write values.

        Attributes:
            field_id (str | Unset): Internal identifier; not used as a key in API calls.
            name (str | Unset): Field name, the key for reading and writing values.
            type_ (FormFieldType | Unset): Kind of PDF form field: `checkbox` (on/off), `combobox` (drop-down, one option),
                `listbox` (one or several options), `radioButton` (one option of a group), `textField` (one line of text).
            required (bool | Unset): Whether the field must be filled in.
            read_only (bool | Unset): Whether signees cannot change the field (the API can, before sending).
            editable (bool | Unset): Whether the field can be filled in through the API.
            bounding_box (BoundingBox | Unset): Not in the published reference: the members of the bounding box; the prose
                only says it gives the position and size of the field in points. Position and size of a form field, in points.
            default_values (list[str] | Unset): Default options or input values from the PDF.
            options (list[FormFieldOption] | Unset): Choices, for fields that have them.
    """

    field_id: str | Unset = UNSET
    name: str | Unset = UNSET
    type_: FormFieldType | Unset = UNSET
    required: bool | Unset = UNSET
    read_only: bool | Unset = UNSET
    editable: bool | Unset = UNSET
    bounding_box: BoundingBox | Unset = UNSET
    default_values: list[str] | Unset = UNSET
    options: list[FormFieldOption] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        field_id = self.field_id

        name = self.name

        type_: str | Unset = UNSET
        if not isinstance(self.type_, Unset):
            type_ = self.type_.value

        required = self.required

        read_only = self.read_only

        editable = self.editable

        bounding_box: dict[str, Any] | Unset = UNSET
        if not isinstance(self.bounding_box, Unset):
            bounding_box = self.bounding_box.to_dict()

        default_values: list[str] | Unset = UNSET
        if not isinstance(self.default_values, Unset):
            default_values = self.default_values

        options: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.options, Unset):
            options = []
            for options_item_data in self.options:
                options_item = options_item_data.to_dict()
                options.append(options_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if field_id is not UNSET:
            field_dict["fieldId"] = field_id
        if name is not UNSET:
            field_dict["name"] = name
        if type_ is not UNSET:
            field_dict["type"] = type_
        if required is not UNSET:
            field_dict["required"] = required
        if read_only is not UNSET:
            field_dict["readOnly"] = read_only
        if editable is not UNSET:
            field_dict["editable"] = editable
        if bounding_box is not UNSET:
            field_dict["boundingBox"] = bounding_box
        if default_values is not UNSET:
            field_dict["defaultValues"] = default_values
        if options is not UNSET:
            field_dict["options"] = options

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        field_id = d.pop("fieldId", UNSET)

        name = d.pop("name", UNSET)

        _type_ = d.pop("type", UNSET)
        type_ = UNSET if _type_ is None else FormFieldType._parse(_type_)

        required = d.pop("required", UNSET)

        read_only = d.pop("readOnly", UNSET)

        editable = d.pop("editable", UNSET)

        _bounding_box = d.pop("boundingBox", UNSET)
        bounding_box: BoundingBox | Unset
        if isinstance(_bounding_box, Unset):
            bounding_box = UNSET
        else:
            bounding_box = BoundingBox.from_dict(_bounding_box)

        default_values = cast(list[str], d.pop("defaultValues", UNSET))

        _options = d.pop("options", UNSET)
        options: list[FormFieldOption] | Unset = UNSET
        if _options is not UNSET:
            options = []
            for options_item_data in _options:
                options_item = FormFieldOption.from_dict(options_item_data)

                options.append(options_item)

        form_field = cls(
            field_id=field_id,
            name=name,
            type_=type_,
            required=required,
            read_only=read_only,
            editable=editable,
            bounding_box=bounding_box,
            default_values=default_values,
            options=options,
        )

        form_field.additional_properties = d
        return form_field

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


from ..models.bounding_box import BoundingBox  # noqa: E402
from ..models.form_field_option import FormFieldOption  # noqa: E402
