from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.document_language import DocumentLanguage
from ..models.error_language import ErrorLanguage
from ..models.fields_readonly_mode import FieldsReadonlyMode
from ..models.sharing_setting import SharingSetting
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateDocumentRequest")


@_attrs_define
class CreateDocumentRequest:
    """A new signature request. Give exactly one of `fileId` (an uploaded file) or `templateId` (a template; needs an
    active price plan): both, or neither, is a 400 error. (Not expressed with `oneOf`: openapi-python-client 0.29.1
    would then type the body as `Any`.)

        Attributes:
            signee_details (list[SigneeDetails]): Not in the published reference: that the list is required and non-empty (a
                signature request without signees is assumed invalid). The signees.
            file_id (str | Unset): Uploaded file to send; not together with `templateId`.
            template_id (str | Unset): Template to create the document from; not with `fileId`.
            name (str | Unset): Name of the document.
            user_id (str | Unset): User of the same account to own the document; the authenticated user when left out. The
                owner gets status emails.
            enable_signing_order (bool | Unset): Invite signees in the order of their `signingOrder` (needs an active price
                plan); when false every signee has order 1. Default: False.
            fields (list[FieldValueInput] | Unset): Values to pre-fill into editable form fields.
            fields_readonly_mode (FieldsReadonlyMode | Unset): How read-only flags of form fields are set: `keepOriginal`
                leaves them as in the PDF, `filled` makes pre-filled fields read-only, `all` makes every field read-only.
            language (DocumentLanguage | Unset): Language of the signature request shown to signees.
            sharing_setting (SharingSetting | Unset): Whether a document or template is shared with other users of the
                company account.
            personal_message (str | Unset): Message included in the invitation to signees.
            ai_assistant (AiAssistant | Unset): Settings of the optional AI Assistant that answers signees' questions about
                the document. When enabled, creation is asynchronous: status `processing`, `documentUrl` null, invitations sent
                once processing ends.
            error_language (ErrorLanguage | Unset): Language for error messages.
    """

    signee_details: list[SigneeDetails]
    file_id: str | Unset = UNSET
    template_id: str | Unset = UNSET
    name: str | Unset = UNSET
    user_id: str | Unset = UNSET
    enable_signing_order: bool | Unset = False
    fields: list[FieldValueInput] | Unset = UNSET
    fields_readonly_mode: FieldsReadonlyMode | Unset = UNSET
    language: DocumentLanguage | Unset = UNSET
    sharing_setting: SharingSetting | Unset = UNSET
    personal_message: str | Unset = UNSET
    ai_assistant: AiAssistant | Unset = UNSET
    error_language: ErrorLanguage | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        signee_details = []
        for signee_details_item_data in self.signee_details:
            signee_details_item = signee_details_item_data.to_dict()
            signee_details.append(signee_details_item)

        file_id = self.file_id

        template_id = self.template_id

        name = self.name

        user_id = self.user_id

        enable_signing_order = self.enable_signing_order

        fields: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.fields, Unset):
            fields = []
            for fields_item_data in self.fields:
                fields_item = fields_item_data.to_dict()
                fields.append(fields_item)

        fields_readonly_mode: str | Unset = UNSET
        if not isinstance(self.fields_readonly_mode, Unset):
            fields_readonly_mode = self.fields_readonly_mode.value

        language: str | Unset = UNSET
        if not isinstance(self.language, Unset):
            language = self.language.value

        sharing_setting: str | Unset = UNSET
        if not isinstance(self.sharing_setting, Unset):
            sharing_setting = self.sharing_setting.value

        personal_message = self.personal_message

        ai_assistant: dict[str, Any] | Unset = UNSET
        if not isinstance(self.ai_assistant, Unset):
            ai_assistant = self.ai_assistant.to_dict()

        error_language: str | Unset = UNSET
        if not isinstance(self.error_language, Unset):
            error_language = self.error_language.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "signeeDetails": signee_details,
            }
        )
        if file_id is not UNSET:
            field_dict["fileId"] = file_id
        if template_id is not UNSET:
            field_dict["templateId"] = template_id
        if name is not UNSET:
            field_dict["name"] = name
        if user_id is not UNSET:
            field_dict["userId"] = user_id
        if enable_signing_order is not UNSET:
            field_dict["enableSigningOrder"] = enable_signing_order
        if fields is not UNSET:
            field_dict["fields"] = fields
        if fields_readonly_mode is not UNSET:
            field_dict["fieldsReadonlyMode"] = fields_readonly_mode
        if language is not UNSET:
            field_dict["language"] = language
        if sharing_setting is not UNSET:
            field_dict["sharingSetting"] = sharing_setting
        if personal_message is not UNSET:
            field_dict["personalMessage"] = personal_message
        if ai_assistant is not UNSET:
            field_dict["aiAssistant"] = ai_assistant
        if error_language is not UNSET:
            field_dict["errorLanguage"] = error_language

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        signee_details = []
        _signee_details = d.pop("signeeDetails")
        for signee_details_item_data in _signee_details:
            signee_details_item = SigneeDetails.from_dict(signee_details_item_data)

            signee_details.append(signee_details_item)

        file_id = d.pop("fileId", UNSET)

        template_id = d.pop("templateId", UNSET)

        name = d.pop("name", UNSET)

        user_id = d.pop("userId", UNSET)

        enable_signing_order = d.pop("enableSigningOrder", UNSET)

        _fields = d.pop("fields", UNSET)
        fields: list[FieldValueInput] | Unset = UNSET
        if _fields is not UNSET:
            fields = []
            for fields_item_data in _fields:
                fields_item = FieldValueInput.from_dict(fields_item_data)

                fields.append(fields_item)

        _fields_readonly_mode = d.pop("fieldsReadonlyMode", UNSET)
        fields_readonly_mode = (
            UNSET
            if _fields_readonly_mode is None
            else FieldsReadonlyMode._parse(_fields_readonly_mode)
        )

        _language = d.pop("language", UNSET)
        language = UNSET if _language is None else DocumentLanguage._parse(_language)

        _sharing_setting = d.pop("sharingSetting", UNSET)
        sharing_setting = (
            UNSET if _sharing_setting is None else SharingSetting._parse(_sharing_setting)
        )

        personal_message = d.pop("personalMessage", UNSET)

        _ai_assistant = d.pop("aiAssistant", UNSET)
        ai_assistant: AiAssistant | Unset
        if isinstance(_ai_assistant, Unset):
            ai_assistant = UNSET
        else:
            ai_assistant = AiAssistant.from_dict(_ai_assistant)

        _error_language = d.pop("errorLanguage", UNSET)
        error_language = UNSET if _error_language is None else ErrorLanguage._parse(_error_language)

        create_document_request = cls(
            signee_details=signee_details,
            file_id=file_id,
            template_id=template_id,
            name=name,
            user_id=user_id,
            enable_signing_order=enable_signing_order,
            fields=fields,
            fields_readonly_mode=fields_readonly_mode,
            language=language,
            sharing_setting=sharing_setting,
            personal_message=personal_message,
            ai_assistant=ai_assistant,
            error_language=error_language,
        )

        create_document_request.additional_properties = d
        return create_document_request

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


from ..models.ai_assistant import AiAssistant  # noqa: E402
from ..models.field_value_input import FieldValueInput  # noqa: E402
from ..models.signee_details import SigneeDetails  # noqa: E402
