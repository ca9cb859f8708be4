#!/usr/bin/python3
"""validate-json.py SCHEMA FILE [--key K] [--optional K1,K2]: validate the JSON
in FILE (or its top-level key K) against SCHEMA with Debian's python3-jsonschema
(the draft the schema names: 4 for SARIF, 7 for the others); --optional makes
those required keys optional.  Prints every error as "FILE: path: message" and
exits 1 when there is one, 2 when a file cannot be read.

validate-json.py --auto FILE: the schema from the document's shape (a report,
the scans list, SARIF, a screening record, dpg-form); other JSON passes.  The
e2e tests' json_ok runs it on every JSON output they check."""
import os
import json
import sys

try:
    import jsonschema
except ImportError:
    sys.exit("validate-json: python3-jsonschema is missing (scripts/install-deps.sh)")

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def auto_schema(doc):
    """The schema file of a dpgaudit JSON output, or None."""
    d = os.path.join(TOP, "docs", "schema")
    if isinstance(doc, dict):
        if "scan" in doc and "findings" in doc and "indicators" in doc:
            return os.path.join(d, "report.schema.json")
        if doc.get("version") == "2.1.0" and "runs" in doc:
            return os.path.join(TOP, "data", "@microsoft", "jest-sarif", "lib",
                                "schemas", "sarif-2.1.0-rtm.5.json")
        if "clearOwnership" in doc and "doNoHarm" in doc:
            return os.path.join(d, "registry-screening-schema.json")
        if "questions" in doc and "record" in doc:
            return os.path.join(d, "dpg-form.schema.json")
    if (isinstance(doc, list) and doc and isinstance(doc[0], dict)
            and "summary" in doc[0] and "findings" in doc[0]):
        return os.path.join(d, "scans.schema.json")
    return None


args = sys.argv[1:]
if len(args) == 2 and args[0] == "--auto":
    try:
        doc0 = json.load(open(args[1], encoding="utf-8"))
    except (OSError, ValueError) as e:
        print("%s: %s" % (args[1], e))
        sys.exit(2)
    found = auto_schema(doc0)
    if found is None:
        sys.exit(0)
    args = [found, args[1]]
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
