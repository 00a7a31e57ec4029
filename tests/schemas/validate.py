#!/usr/bin/env python3
"""Validates YAML files against JSON Schemas with an independent validator (python-jsonschema).

Reads cases from stdin, one a line: `SCHEMA.json<TAB>FILE.yaml<TAB>valid|invalid`. YAML is read as
editors read it (YAML 1.2 core: dates stay strings, keys become strings). Prints one line per case that
does not match its expectation and exits 1 if there is any; files that are not YAML are skipped.
"""
import json
import sys

import jsonschema
import yaml


class Loader(yaml.SafeLoader):
    pass


# No timestamp type in YAML 1.2's core schema (what yaml-language-server uses): dates are strings.
Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


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
            jsonschema.Draft202012Validator.check_schema(schema)
            schemas[schema_path] = jsonschema.Draft202012Validator(schema)
        try:
            with open(path, encoding="utf-8-sig") as f:
                doc = keys_as_text(yaml.load(f, Loader=Loader))
        except (yaml.YAMLError, UnicodeDecodeError, ValueError):
            continue
        if doc is None:
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
