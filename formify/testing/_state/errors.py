"""Error answers of the emulator: one exception type; messages in English, Swedish, Spanish."""

from __future__ import annotations

from typing import Any

from formify.errors import FormifyError

LANGUAGES = ("en", "sv", "es")

# key -> (en, sv, es); placeholders are filled with str.format
MESSAGES: dict[str, tuple[str, str, str]] = {
    "unauthorized": (
        "Missing or invalid access token.",
        "Åtkomsttoken saknas eller är ogiltig.",
        "Falta el token de acceso o no es válido.",
    ),
    "rate_limited": (
        "Too many requests; retry in {seconds} seconds.",
        "För många förfrågningar; försök igen om {seconds} sekunder.",
        "Demasiadas solicitudes; vuelva a intentarlo en {seconds} segundos.",
    ),
    "fault": (
        "Injected fault: service unavailable.",
        "Injicerat fel: tjänsten är inte tillgänglig.",
        "Fallo inyectado: servicio no disponible.",
    ),
    "not_found": (
        "{kind} {id} was not found.",
        "{kind} {id} hittades inte.",
        "No se encontró {kind} {id}.",
    ),
    "invalid_json": (
        "The request body must be a JSON {kind}.",
        "Förfrågans innehåll måste vara JSON ({kind}).",
        "El cuerpo de la solicitud debe ser JSON ({kind}).",
    ),
    "required": (
        "{field} is required.",
        "{field} är obligatoriskt.",
        "{field} es obligatorio.",
    ),
    "type": (
        "{field} must be {kind}.",
        "{field} måste vara {kind}.",
        "{field} debe ser {kind}.",
    ),
    "enum": (
        "{field} must be one of: {allowed}.",
        "{field} måste vara något av: {allowed}.",
        "{field} debe ser uno de: {allowed}.",
    ),
    "range": (
        "{field} must be between {low} and {high}.",
        "{field} måste vara mellan {low} och {high}.",
        "{field} debe estar entre {low} y {high}.",
    ),
    "minimum": (
        "{field} must be at least {low}.",
        "{field} måste vara minst {low}.",
        "{field} debe ser como mínimo {low}.",
    ),
    "file_or_template": (
        "Provide either fileId or templateId, not both.",
        "Ange antingen fileId eller templateId, inte båda.",
        "Indique fileId o templateId, no ambos.",
    ),
    "file_too_large": (
        "{field} is larger than the 50 MB limit.",
        "{field} är större än gränsen på 50 MB.",
        "{field} supera el límite de 50 MB.",
    ),
    "not_pdf": (
        "file is not a PDF; only PDF files are supported.",
        "Filen är inte en PDF; endast PDF-filer stöds.",
        "El archivo no es un PDF; solo se admiten archivos PDF.",
    ),
    "encrypted": (
        "file is password-protected or locked; upload an unlocked PDF.",
        "Filen är lösenordsskyddad eller låst; ladda upp en olåst PDF.",
        "El archivo está protegido con contraseña o bloqueado; suba un PDF desbloqueado.",
    ),
    "unreadable": (
        "file could not be read as a PDF.",
        "Filen kunde inte läsas som en PDF.",
        "El archivo no se pudo leer como PDF.",
    ),
    "merge_count": (
        "fileIds must contain between 2 and 8 file IDs.",
        "fileIds måste innehålla mellan 2 och 8 fil-ID:n.",
        "fileIds debe contener entre 2 y 8 ID de archivo.",
    ),
    "merge_duplicate": (
        "fileIds must not contain duplicates ({id}).",
        "fileIds får inte innehålla dubbletter ({id}).",
        "fileIds no debe contener duplicados ({id}).",
    ),
    "unknown_id": (
        "{field}: {id} was not found.",
        "{field}: {id} hittades inte.",
        "{field}: no se encontró {id}.",
    ),
    "signee_contact": (
        "{field} needs an emailAddress or a phoneNumber.",
        "{field} behöver en emailAddress eller ett phoneNumber.",
        "{field} necesita un emailAddress o un phoneNumber.",
    ),
    "phone_format": (
        "{field} must include the country code, e.g. +46701234567.",
        "{field} måste innehålla landsnumret, t.ex. +46701234567.",
        "{field} debe incluir el prefijo del país, p. ej. +46701234567.",
    ),
    "box_page": (
        "{field} must be between 0 and {high} (the document has {pages} pages).",
        "{field} måste vara mellan 0 och {high} (dokumentet har {pages} sidor).",
        "{field} debe estar entre 0 y {high} (el documento tiene {pages} páginas).",
    ),
    "placement_for_type": (
        "{field} must be 'existing' for signatureType digital_ink_id_scan.",
        "{field} måste vara 'existing' för signatureType digital_ink_id_scan.",
        "{field} debe ser 'existing' para signatureType digital_ink_id_scan.",
    ),
    "field_unknown": (
        "fields: there is no form field named {name}.",
        "fields: det finns inget formulärfält med namnet {name}.",
        "fields: no existe ningún campo de formulario llamado {name}.",
    ),
    "field_not_editable": (
        "fields: {name} is not editable.",
        "fields: {name} går inte att redigera.",
        "fields: {name} no es editable.",
    ),
    "field_format": (
        "fields: {name} ({type}) takes {expected}.",
        "fields: {name} ({type}) tar {expected}.",
        "fields: {name} ({type}) admite {expected}.",
    ),
    "field_option": (
        "fields: {value} is not an option of {name}.",
        "fields: {value} är inte ett alternativ för {name}.",
        "fields: {value} no es una opción de {name}.",
    ),
    "processing": (
        "The document is still processing.",
        "Dokumentet bearbetas fortfarande.",
        "El documento todavía se está procesando.",
    ),
    "reminder_state": (
        "Reminders can only be sent while the document is awaiting signatures.",
        "Påminnelser kan bara skickas medan dokumentet väntar på underskrifter.",
        "Solo se pueden enviar recordatorios mientras el documento espera firmas.",
    ),
    "reminder_limit": (
        "At most two reminders per signee within 60 minutes; next possible in {seconds} seconds.",
        "Högst två påminnelser per undertecknare inom 60 minuter; nästa möjlig om "
        "{seconds} sekunder.",
        "Máximo dos recordatorios por firmante en 60 minutos; el siguiente en {seconds} segundos.",
    ),
    "reminder_signed": (
        "The signee has already signed.",
        "Undertecknaren har redan skrivit under.",
        "El firmante ya ha firmado.",
    ),
    "reminder_not_invited": (
        "The signee has not been invited yet (signing order).",
        "Undertecknaren har inte bjudits in ännu (signeringsordning).",
        "El firmante aún no ha sido invitado (orden de firma).",
    ),
    "signee_unknown": (
        "Signee {id} is not a signee of this document.",
        "Undertecknare {id} finns inte i detta dokument.",
        "El firmante {id} no pertenece a este documento.",
    ),
    "update_state": (
        "The document is {status}; signees can no longer be updated.",
        "Dokumentet är {status}; undertecknare kan inte längre ändras.",
        "El documento está {status}; ya no se pueden modificar los firmantes.",
    ),
    "update_signed": (
        "Signee {id} has already signed and can no longer be updated.",
        "Undertecknare {id} har redan skrivit under och kan inte längre ändras.",
        "El firmante {id} ya ha firmado y no se puede modificar.",
    ),
    "update_cooldown": (
        "Signee {id} was updated twice; the next update is possible in {seconds} seconds.",
        "Undertecknare {id} har ändrats två gånger; nästa ändring är möjlig om {seconds} sekunder.",
        "El firmante {id} se modificó dos veces; la próxima modificación será posible en "
        "{seconds} segundos.",
    ),
    "values_locked": (
        "Field values can only be set before anyone has signed (the document is {status}).",
        "Fältvärden kan bara anges innan någon har skrivit under (dokumentet är {status}).",
        "Los valores solo se pueden establecer antes de que alguien firme (el documento está "
        "{status}).",
    ),
    "values_not_completed": (
        "Field values are available only for completed documents.",
        "Fältvärden är bara tillgängliga för slutförda dokument.",
        "Los valores de los campos solo están disponibles para documentos completados.",
    ),
    "delete_state": (
        "Only completed or revoked documents can be deleted (the document is {status}).",
        "Endast slutförda eller återkallade dokument kan raderas (dokumentet är {status}).",
        "Solo se pueden eliminar documentos completados o revocados (el documento está {status}).",
    ),
    "revoke_state": (
        "Only documents that are not completed can be revoked (the document is {status}).",
        "Endast dokument som inte är slutförda kan återkallas (dokumentet är {status}).",
        "Solo se pueden revocar documentos no completados (el documento está {status}).",
    ),
    "signed_file_state": (
        "The signed file is available only when the document is completed.",
        "Den signerade filen är bara tillgänglig när dokumentet är slutfört.",
        "El archivo firmado solo está disponible cuando el documento está completado.",
    ),
    "sign_state": (
        "The document is {status} and cannot be opened or signed.",
        "Dokumentet är {status} och kan inte öppnas eller undertecknas.",
        "El documento está {status} y no se puede abrir ni firmar.",
    ),
    "not_your_turn": (
        "Signee {id} cannot sign yet: signees earlier in the signing order have not signed.",
        "Undertecknare {id} kan inte skriva under än: tidigare undertecknare har inte "
        "skrivit under.",
        "El firmante {id} aún no puede firmar: los firmantes anteriores no han firmado.",
    ),
    "webhook_url": (
        "webhookUrl must be an absolute http or https URL.",
        "webhookUrl måste vara en absolut http- eller https-URL.",
        "webhookUrl debe ser una URL http o https absoluta.",
    ),
    "update_new_contact": (
        "{field}: a contact method can be changed, not added.",
        "{field}: en kontaktväg kan ändras, inte läggas till.",
        "{field}: un método de contacto se puede cambiar, no añadir.",
    ),
    "oauth_client": (
        "Client authentication failed.",
        "Klientautentiseringen misslyckades.",
        "La autenticación del cliente falló.",
    ),
    "oauth_code": (
        "The authorization code is invalid, expired or already used.",
        "Auktoriseringskoden är ogiltig, har gått ut eller har redan använts.",
        "El código de autorización no es válido, ha caducado o ya se usó.",
    ),
    "oauth_redirect": (
        "redirect_uri does not match the authorization request.",
        "redirect_uri matchar inte auktoriseringsbegäran.",
        "redirect_uri no coincide con la solicitud de autorización.",
    ),
    "oauth_refresh": (
        "The refresh token is invalid, expired or revoked.",
        "Förnyelsetoken är ogiltig, har gått ut eller har återkallats.",
        "El token de actualización no es válido, ha caducado o fue revocado.",
    ),
    "oauth_token": (
        "The token is invalid or already revoked.",
        "Token är ogiltig eller redan återkallad.",
        "El token no es válido o ya fue revocado.",
    ),
}

KINDS: dict[str, tuple[str, str, str]] = {
    "document": ("Document", "Dokument", "el documento"),
    "file": ("File", "Fil", "el archivo"),
    "template": ("Template", "Mall", "la plantilla"),
    "webhook": ("Webhook", "Webhook", "el webhook"),
    "string": ("a string", "en sträng", "una cadena"),
    "non-empty string": ("a non-empty string", "en icke-tom sträng", "una cadena no vacía"),
    "boolean": ("a boolean", "ett booleskt värde", "un booleano"),
    "integer": ("an integer", "ett heltal", "un entero"),
    "number": ("a number", "ett tal", "un número"),
    "array": ("an array", "en lista", "una lista"),
    "non-empty array": ("a non-empty array", "en icke-tom lista", "una lista no vacía"),
    "object": ("an object", "ett objekt", "un objeto"),
    "a single string": ("a single string", "en enda sträng", "una sola cadena"),
    "an array of strings": ("an array of strings", "en lista av strängar", "una lista de cadenas"),
}


def language(value: object) -> str:
    """Return `value` when it is a supported error language, else English."""
    return value if isinstance(value, str) and value in LANGUAGES else "en"


def render(key: str, lang: str, **params: Any) -> str:
    """Return message `key` in `lang`; ``kind`` and ``expected`` are translated through KINDS."""
    index = LANGUAGES.index(language(lang))
    words = dict(params)
    for word in ("kind", "expected"):
        if words.get(word) in KINDS:
            words[word] = KINDS[words[word]][index]
    return MESSAGES[key][index].format(**words)


class ApiError(Exception):
    """An error answer: HTTP status, a message key and its parameters (rendered per language)."""

    def __init__(self, status: int, key: str, /, **params: Any) -> None:
        super().__init__(key)
        self.status = status
        self.key = key
        self.params = params

    def __str__(self) -> str:
        return f"{self.status}: {self.message('en')}"

    def message(self, lang: str) -> str:
        """Return the message in `lang`."""
        return render(self.key, lang, **self.params)


class EmulatorError(FormifyError):
    """A control action the emulator refused (``emu.sign``, ``emu.inject_fault``, ...).

    ``status`` is the HTTP status the same refusal gets on the ``/_emulator/...`` routes
    (400 bad argument, 404 unknown document or signee, 403/409 refused by the rules).
    """

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
