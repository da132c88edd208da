"""Contains all the data models used in inputs/outputs"""

# formify custom template: each model's module is imported on first use of its name (PEP 562
# module __getattr__), so importing one model does not import all of them; type checkers read
# the TYPE_CHECKING imports and see every name as before.
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .account_user import AccountUser
    from .account_user_list import AccountUserList
    from .account_user_status import AccountUserStatus
    from .ai_assistant import AiAssistant
    from .bounding_box import BoundingBox
    from .create_document_request import CreateDocumentRequest
    from .document import Document
    from .document_created import DocumentCreated
    from .document_creation_status import DocumentCreationStatus
    from .document_language import DocumentLanguage
    from .document_list import DocumentList
    from .document_revoked import DocumentRevoked
    from .document_status import DocumentStatus
    from .document_summary import DocumentSummary
    from .document_webhook_event import DocumentWebhookEvent
    from .error import Error
    from .error_language import ErrorLanguage
    from .field_value import FieldValue
    from .field_value_input import FieldValueInput
    from .fields_readonly_mode import FieldsReadonlyMode
    from .file_uploaded import FileUploaded
    from .form_field import FormField
    from .form_field_option import FormFieldOption
    from .form_field_type import FormFieldType
    from .grant_type import GrantType
    from .history_entry import HistoryEntry
    from .id_scan_box import IdScanBox
    from .merge_files_request import MergeFilesRequest
    from .o_auth_error_response import OAuthErrorResponse
    from .phone_number_delivery_method import PhoneNumberDeliveryMethod
    from .register_webhook_request import RegisterWebhookRequest
    from .reminder_not_sent import ReminderNotSent
    from .reminder_request import ReminderRequest
    from .reminder_result import ReminderResult
    from .reminder_sent import ReminderSent
    from .revoke_document_request import RevokeDocumentRequest
    from .revoke_request import RevokeRequest
    from .set_field_values_request import SetFieldValuesRequest
    from .set_field_values_result import SetFieldValuesResult
    from .sharing_setting import SharingSetting
    from .signature_box import SignatureBox
    from .signature_field_update import SignatureFieldUpdate
    from .signature_field_updated import SignatureFieldUpdated
    from .signature_placement import SignaturePlacement
    from .signature_status import SignatureStatus
    from .signature_type import SignatureType
    from .signee import Signee
    from .signee_details import SigneeDetails
    from .signee_reminders import SigneeReminders
    from .signee_updates import SigneeUpdates
    from .template import Template
    from .template_list import TemplateList
    from .template_signee import TemplateSignee
    from .template_summary import TemplateSummary
    from .token_request import TokenRequest
    from .token_response import TokenResponse
    from .token_type_hint import TokenTypeHint
    from .updated_signee_contact import UpdatedSigneeContact
    from .upload_file_request import UploadFileRequest
    from .user import User
    from .webhook import Webhook
    from .webhook_created import WebhookCreated
    from .webhook_event_body import WebhookEventBody
    from .webhook_event_data import WebhookEventData
    from .webhook_event_type import WebhookEventType
    from .webhook_list_item import WebhookListItem
    from .webhook_secret_rotated import WebhookSecretRotated

__all__ = (
    "AccountUser",
    "AccountUserList",
    "AccountUserStatus",
    "AiAssistant",
    "BoundingBox",
    "CreateDocumentRequest",
    "Document",
    "DocumentCreated",
    "DocumentCreationStatus",
    "DocumentLanguage",
    "DocumentList",
    "DocumentRevoked",
    "DocumentStatus",
    "DocumentSummary",
    "DocumentWebhookEvent",
    "Error",
    "ErrorLanguage",
    "FieldsReadonlyMode",
    "FieldValue",
    "FieldValueInput",
    "FileUploaded",
    "FormField",
    "FormFieldOption",
    "FormFieldType",
    "GrantType",
    "HistoryEntry",
    "IdScanBox",
    "MergeFilesRequest",
    "OAuthErrorResponse",
    "PhoneNumberDeliveryMethod",
    "RegisterWebhookRequest",
    "ReminderNotSent",
    "ReminderRequest",
    "ReminderResult",
    "ReminderSent",
    "RevokeDocumentRequest",
    "RevokeRequest",
    "SetFieldValuesRequest",
    "SetFieldValuesResult",
    "SharingSetting",
    "SignatureBox",
    "SignatureFieldUpdate",
    "SignatureFieldUpdated",
    "SignaturePlacement",
    "SignatureStatus",
    "SignatureType",
    "Signee",
    "SigneeDetails",
    "SigneeReminders",
    "SigneeUpdates",
    "Template",
    "TemplateList",
    "TemplateSignee",
    "TemplateSummary",
    "TokenRequest",
    "TokenResponse",
    "TokenTypeHint",
    "UpdatedSigneeContact",
    "UploadFileRequest",
    "User",
    "Webhook",
    "WebhookCreated",
    "WebhookEventBody",
    "WebhookEventData",
    "WebhookEventType",
    "WebhookListItem",
    "WebhookSecretRotated",
)

_MODULES = {
    "AccountUser": ".account_user",
    "AccountUserList": ".account_user_list",
    "AccountUserStatus": ".account_user_status",
    "AiAssistant": ".ai_assistant",
    "BoundingBox": ".bounding_box",
    "CreateDocumentRequest": ".create_document_request",
    "Document": ".document",
    "DocumentCreated": ".document_created",
    "DocumentCreationStatus": ".document_creation_status",
    "DocumentLanguage": ".document_language",
    "DocumentList": ".document_list",
    "DocumentRevoked": ".document_revoked",
    "DocumentStatus": ".document_status",
    "DocumentSummary": ".document_summary",
    "DocumentWebhookEvent": ".document_webhook_event",
    "Error": ".error",
    "ErrorLanguage": ".error_language",
    "FieldValue": ".field_value",
    "FieldValueInput": ".field_value_input",
    "FieldsReadonlyMode": ".fields_readonly_mode",
    "FileUploaded": ".file_uploaded",
    "FormField": ".form_field",
    "FormFieldOption": ".form_field_option",
    "FormFieldType": ".form_field_type",
    "GrantType": ".grant_type",
    "HistoryEntry": ".history_entry",
    "IdScanBox": ".id_scan_box",
    "MergeFilesRequest": ".merge_files_request",
    "OAuthErrorResponse": ".o_auth_error_response",
    "PhoneNumberDeliveryMethod": ".phone_number_delivery_method",
    "RegisterWebhookRequest": ".register_webhook_request",
    "ReminderNotSent": ".reminder_not_sent",
    "ReminderRequest": ".reminder_request",
    "ReminderResult": ".reminder_result",
    "ReminderSent": ".reminder_sent",
    "RevokeDocumentRequest": ".revoke_document_request",
    "RevokeRequest": ".revoke_request",
    "SetFieldValuesRequest": ".set_field_values_request",
    "SetFieldValuesResult": ".set_field_values_result",
    "SharingSetting": ".sharing_setting",
    "SignatureBox": ".signature_box",
    "SignatureFieldUpdate": ".signature_field_update",
    "SignatureFieldUpdated": ".signature_field_updated",
    "SignaturePlacement": ".signature_placement",
    "SignatureStatus": ".signature_status",
    "SignatureType": ".signature_type",
    "Signee": ".signee",
    "SigneeDetails": ".signee_details",
    "SigneeReminders": ".signee_reminders",
    "SigneeUpdates": ".signee_updates",
    "Template": ".template",
    "TemplateList": ".template_list",
    "TemplateSignee": ".template_signee",
    "TemplateSummary": ".template_summary",
    "TokenRequest": ".token_request",
    "TokenResponse": ".token_response",
    "TokenTypeHint": ".token_type_hint",
    "UpdatedSigneeContact": ".updated_signee_contact",
    "UploadFileRequest": ".upload_file_request",
    "User": ".user",
    "Webhook": ".webhook",
    "WebhookCreated": ".webhook_created",
    "WebhookEventBody": ".webhook_event_body",
    "WebhookEventData": ".webhook_event_data",
    "WebhookEventType": ".webhook_event_type",
    "WebhookListItem": ".webhook_list_item",
    "WebhookSecretRotated": ".webhook_secret_rotated",
}


def __getattr__(name: str) -> Any:
    try:
        module = _MODULES[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
