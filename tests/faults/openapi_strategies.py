"""Hypothesis strategies that build objects from an OpenAPI 3 schema (LINE's webhook.yml)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

SPEC = Path(__file__).resolve().parents[1] / "line_openapi" / "webhook.yml"  # vendored copy
TEXT = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x1F700,
                                      blacklist_categories=("Cs",)), max_size=40)


@cache
def schemas() -> dict[str, Any]:
    """The spec's component schemas."""
    return yaml.safe_load(SPEC.read_text("utf-8"))["components"]["schemas"]


def _ref(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = schemas()[schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _flatten(schema: dict[str, Any]) -> tuple[dict[str, Any], set[str]]:
    """Properties and required names of a schema, through allOf and $ref."""
    schema = _ref(schema)
    properties: dict[str, Any] = dict(schema.get("properties", {}))
    required = set(schema.get("required", ()))
    for part in schema.get("allOf", ()):
        more, need = _flatten(part)
        properties.update(more)
        required |= need
    return properties, required


def strategy(schema: dict[str, Any], depth: int = 0) -> st.SearchStrategy[Any]:
    """Values that satisfy the schema (subtypes chosen through the discriminator)."""
    schema = _ref(schema)
    if "discriminator" in schema and depth < 6:
        field = schema["discriminator"]["propertyName"]
        options = [
            _object(schemas()[target.rsplit("/", 1)[1]], depth, {field: st.just(key)})
            for key, target in sorted(schema["discriminator"].get("mapping", {}).items())
        ]
        options.append(_object(schema, depth, {field: TEXT}))  # a type LINE may add tomorrow
        return st.one_of(options)
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kind = schema.get("type")
    if kind == "string":
        return TEXT
    if kind == "integer":
        return st.integers(min_value=0, max_value=2**53)
    if kind == "number":
        return st.floats(allow_nan=False, allow_infinity=False, width=32)
    if kind == "boolean":
        return st.booleans()
    if kind == "array":
        if depth > 5:
            return st.just([])
        return st.lists(strategy(schema.get("items", {}), depth + 1), max_size=3)
    if kind == "object" or "properties" in schema or "allOf" in schema:
        return _object(schema, depth, {})
    return st.none()


def _object(schema: dict[str, Any], depth: int, fixed: dict[str, st.SearchStrategy[Any]]
            ) -> st.SearchStrategy[dict[str, Any]]:
    properties, required = _flatten(schema)
    parts: dict[str, st.SearchStrategy[Any]] = {}
    optional: dict[str, st.SearchStrategy[Any]] = {}
    for name, sub in properties.items():
        value = fixed[name] if name in fixed else strategy(sub, depth + 1)
        (parts if name in required or name in fixed else optional)[name] = value
    return st.fixed_dictionaries(parts, optional=optional)
