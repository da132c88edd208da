from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AiAssistant")


@_attrs_define
class AiAssistant:
    """Settings of the optional AI Assistant that answers signees' questions about the document. When enabled, creation is
    asynchronous: status `processing`, `documentUrl` null, invitations sent once processing ends.

        Attributes:
            enabled (bool | Unset): Turns the assistant on. Default: False.
            text_to_speech (bool | Unset): Lets the assistant read answers aloud. Default: False.
            language (str | Unset): Not in the published reference: the list of language codes; the prose says 28 languages
                are supported. Language of the assistant. Default: 'en'.
    """

    enabled: bool | Unset = False
    text_to_speech: bool | Unset = False
    language: str | Unset = "en"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        enabled = self.enabled

        text_to_speech = self.text_to_speech

        language = self.language

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if text_to_speech is not UNSET:
            field_dict["textToSpeech"] = text_to_speech
        if language is not UNSET:
            field_dict["language"] = language

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        enabled = d.pop("enabled", UNSET)

        text_to_speech = d.pop("textToSpeech", UNSET)

        language = d.pop("language", UNSET)

        ai_assistant = cls(
            enabled=enabled,
            text_to_speech=text_to_speech,
            language=language,
        )

        ai_assistant.additional_properties = d
        return ai_assistant

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
