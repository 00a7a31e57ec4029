#!/usr/bin/env python3
"""Validates YAML files against JSON Schemas with an independent validator (python-jsonschema).

Reads cases from stdin, one a line: `SCHEMA.json<TAB>FILE.yaml<TAB>valid|invalid`. YAML is read as
editors read it (YAML 1.2 core: dates stay strings, keys become strings). Prints one line per case that
does not match its expectation and exits 1 if there is any (a file expected valid must parse).
"""
import json
import re
import sys

import jsonschema
import yaml


class Loader(yaml.SafeLoader):
    pass


# YAML 1.2's core schema (what maturity and yaml-language-server read), not PyYAML's YAML 1.1: no
# timestamp type (dates are strings), and only true/false are booleans (`on:` is a key, not True).
Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def keys_as_text(v):
    if isinstance(v, dict):
        return {str(k): keys_as_text(x) for k, x in v.items()}
    if isinstance(v, list):
        return [keys_as_text(x) for x in v]
    return v


def main():
    schemas, failures, checked = {}, [], 0
    for line in sys.stdin:
        if not line.strip():
            continue
        schema_path, path, expect = line.rstrip("\n").split("\t")
        if schema_path not in schemas:
            with open(schema_path, encoding="utf-8") as f:
                schema = json.load(f)
            # The draft the schema names ($schema): 2020-12 for ours, draft-07 for SchemaStore's.
            cls = jsonschema.validators.validator_for(schema)
            cls.check_schema(schema)
            schemas[schema_path] = cls(schema)
        try:
            with open(path, encoding="utf-8-sig") as f:
                doc = keys_as_text(yaml.load(f, Loader=Loader))
        except (yaml.YAMLError, UnicodeDecodeError, ValueError) as e:
            if expect == "valid":
                failures.append(f"{path}: not readable as YAML: {str(e)[:300]}")
            continue
        if doc is None:  # an empty file: editors check nothing, `validate` only warns
            continue
        checked += 1
        errors = sorted(schemas[schema_path].iter_errors(doc), key=lambda e: list(e.path))
        if expect == "valid" and errors:
            e = errors[0]
            failures.append(f"{path}: rejected at /{'/'.join(map(str, e.path))}: {e.message[:300]}")
        elif expect == "invalid" and not errors:
            failures.append(f"{path}: accepted, but the validator reports a shape error in it")
    for f in failures:
        print(f)
    print(f"checked {checked} file(s), {len(failures)} mismatch(es)")
    sys.exit(1 if failures else 0)


main()
