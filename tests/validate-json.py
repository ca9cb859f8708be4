#!/usr/bin/python3
"""validate-json.py SCHEMA FILE [--key K] [--optional K1,K2]: validate the JSON
in FILE (or its top-level key K) against SCHEMA with Debian's python3-jsonschema
(the draft the schema names: 4 for SARIF, 7 for the others); --optional makes
those required keys optional.  Prints every error as "FILE: path: message" and
exits 1 when there is one, 2 when a file cannot be read."""
import json
import sys

try:
    import jsonschema
except ImportError:
    sys.exit("validate-json: python3-jsonschema is missing (scripts/install-deps.sh)")

args = sys.argv[1:]
key = None
optional = []
while len(args) > 2:
    if args[-2] == "--key":
        key = args[-1]
    elif args[-2] == "--optional":
        optional = [k for k in args[-1].split(",") if k]
    else:
        sys.exit("usage: validate-json.py SCHEMA FILE [--key K] [--optional K,...]")
    args = args[:-2]
if len(args) != 2:
    sys.exit("usage: validate-json.py SCHEMA FILE [--key K] [--optional K,...]")
try:
    schema = json.load(open(args[0], encoding="utf-8"))
    doc = json.load(open(args[1], encoding="utf-8"))
except (OSError, ValueError) as e:
    print("%s: %s" % (args[1], e))
    sys.exit(2)
if key is not None:
    doc = doc[key]
if optional:
    schema["required"] = [k for k in schema.get("required", []) if k not in optional]
cls = jsonschema.validators.validator_for(schema)
cls.check_schema(schema)
errors = sorted(cls(schema).iter_errors(doc), key=lambda e: list(e.path))
for e in errors:
    print("%s: %s: %s" % (args[1], "/".join(str(p) for p in e.path) or "(root)", e.message))
sys.exit(1 if errors else 0)
