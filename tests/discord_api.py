"""Discord's official OpenAPI description, as a validator for what the bot sends to the sandbox.

The description's unions are loose (no `additionalProperties: false`), so besides the schema each body is
checked for keys the schema does not name: a typo in a payload key would otherwise pass silently.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_PATH = Path(__file__).parent / "data" / "openapi.json"
SPEC_URI = "urn:discord:openapi"

# Interaction callback type -> the schema that Discord documents for it.
CALLBACK_SCHEMAS = {
    4: "CreateMessageInteractionCallbackRequest",
    5: "CreateMessageInteractionCallbackRequest",
    6: "UpdateMessageInteractionCallbackRequest",
    7: "UpdateMessageInteractionCallbackRequest",
    8: "ApplicationCommandAutocompleteCallbackRequest",
    9: "ModalInteractionCallbackRequest",
}


@cache
def spec() -> dict[str, Any]:
    return json.loads(SPEC_PATH.read_text())


@cache
def _registry() -> Registry:
    return Registry().with_resource(SPEC_URI, Resource.from_contents(spec(), DRAFT202012))


@cache
def _validator(pointer: str) -> Draft202012Validator:
    return Draft202012Validator({"$ref": f"{SPEC_URI}#{pointer}"}, registry=_registry())


def _escape(segment: str) -> str:
    return segment.replace("~", "~0").replace("/", "~1")


def _errors(pointer: str, body: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '<body>'}: {e.message[:300]}"
        for e in _validator(pointer).iter_errors(body)
    ]


def request_errors(method: str, path_template: str, body: Any) -> list[str]:
    """Schema errors of a JSON request body for one documented operation (empty when valid)."""
    operation = spec()["paths"][path_template][method.lower()]
    assert "requestBody" in operation, f"{method} {path_template} takes no body"
    pointer = f"/paths/{_escape(path_template)}/{method.lower()}/requestBody/content/application~1json/schema"
    assert operation is not None
    return _errors(pointer, body)


def schema_errors(schema_name: str, body: Any) -> list[str]:
    return _errors(f"/components/schemas/{schema_name}", body)


def unknown_keys(schema_name: str, body: dict[str, Any]) -> set[str]:
    """Top-level keys of `body` that the named object schema does not declare."""
    schema = spec()["components"]["schemas"][schema_name]
    return set(body) - set(schema.get("properties", {}))


_SNOWFLAKE = re.compile(r"\d+")


def template_for(path: str) -> str:
    """`/api/v10/interactions/123/tok/callback` -> `/interactions/{interaction_id}/{interaction_token}/callback`."""
    bare = re.sub(r"^/api/v\d+", "", path)
    parts = bare.strip("/").split("/")
    for template in spec()["paths"]:
        pattern = template.strip("/").split("/")
        if len(pattern) == len(parts) and all(
            p == s or (p.startswith("{") and (s != "@original" or p == "@original"))
            for p, s in zip(pattern, parts, strict=True)
        ):
            return template
    raise KeyError(path)
