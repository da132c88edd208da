from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.error_language import ErrorLanguage
from ..models.grant_type import GrantType
from ..types import UNSET, Unset

T = TypeVar("T", bound="TokenRequest")


@_attrs_define
class TokenRequest:
    """Form fields for exchanging an authorization code, or a refresh token, for tokens. `code` and `redirect_uri` are
    required with `grant_type=authorization_code`; `refresh_token` is required with `grant_type=refresh_token`.

        Attributes:
            grant_type (GrantType): OAuth 2.0 grant used at the token endpoint.
            client_id (str): OAuth client ID; required for both grant types.
            client_secret (str): OAuth client secret; required for both grant types.
            code (str | Unset): Authorization code from the authorize redirect.
            redirect_uri (str | Unset): The redirect URI used in the authorization request.
            refresh_token (str | Unset): A refresh token issued earlier.
            scope (str | Unset): Comma-separated scopes for the access token, e.g. `read,write`.
            error_language (ErrorLanguage | Unset): Language for error messages.
    """

    grant_type: GrantType
    client_id: str
    client_secret: str = _attrs_field(repr=False)
    code: str | Unset = _attrs_field(repr=False, default=UNSET)
    redirect_uri: str | Unset = UNSET
    refresh_token: str | Unset = _attrs_field(repr=False, default=UNSET)
    scope: str | Unset = UNSET
    error_language: ErrorLanguage | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        grant_type = self.grant_type.value

        client_id = self.client_id

        client_secret = self.client_secret

        code = self.code

        redirect_uri = self.redirect_uri

        refresh_token = self.refresh_token

        scope = self.scope

        error_language: str | Unset = UNSET
        if not isinstance(self.error_language, Unset):
            error_language = self.error_language.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "grant_type": grant_type,
                "client_id": client_id,
                "client_secret": client_secret,
            }
        )
        if code is not UNSET:
            field_dict["code"] = code
        if redirect_uri is not UNSET:
            field_dict["redirect_uri"] = redirect_uri
        if refresh_token is not UNSET:
            field_dict["refresh_token"] = refresh_token
        if scope is not UNSET:
            field_dict["scope"] = scope
        if error_language is not UNSET:
            field_dict["error_language"] = error_language

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        grant_type = GrantType._parse(d.pop("grant_type"))

        client_id = d.pop("client_id")

        client_secret = d.pop("client_secret")

        code = d.pop("code", UNSET)

        redirect_uri = d.pop("redirect_uri", UNSET)

        refresh_token = d.pop("refresh_token", UNSET)

        scope = d.pop("scope", UNSET)

        _error_language = d.pop("error_language", UNSET)
        error_language = UNSET if _error_language is None else ErrorLanguage._parse(_error_language)

        token_request = cls(
            grant_type=grant_type,
            client_id=client_id,
            client_secret=client_secret,
            code=code,
            redirect_uri=redirect_uri,
            refresh_token=refresh_token,
            scope=scope,
            error_language=error_language,
        )

        token_request.additional_properties = d
        return token_request

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
