"""Computes the Google-profile expectations of the hashing oracle corpus with Google's own
normalizer, google-ads-datamanager-util (and phonenumbers for local numbers with a default
country, rewritten to E.164 first).

    VENV/bin/python tests/oracles/hashing/google.py CORPUS.ndjson OUT.ndjson

Reads the inputs of CORPUS (written by corpus.mjs) and writes one line per input:
{profile:"google", field, input, defaultCountry?, expected | error}.
"""
import json
import os
import sys

# This file is named google.py, which would shadow the `google` package: drop its own folder
# from the import path before importing Google's library.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _HERE]

import phonenumbers  # noqa: E402
from google.ads.datamanager_util import Encoding, Formatter  # noqa: E402

fmt = Formatter()


def hashed(value):
    return fmt.hex_encode(fmt.hash_string(value))


NORMALIZE = {
    "em": lambda v: fmt.process_email_address(v, Encoding.HEX),
    "ph": lambda v: fmt.process_phone_number(v, Encoding.HEX),
    "fn": lambda v: fmt.process_given_name(v, Encoding.HEX),
    "ln": lambda v: fmt.process_family_name(v, Encoding.HEX),
    "ct": lambda v: hashed(fmt.format_city(v)),
    "st": lambda v: hashed(fmt.format_administrative_area(v)),
    "zp": lambda v: hashed(fmt.format_postal_code(v)),
    "country": lambda v: hashed(fmt.format_region_code(v)),
    # No formatter exists for an external id: Google's hash step alone (refuses blank).
    "external_id": hashed,
}
ERROR = {"em": "INVALID_EMAIL", "ph": "INVALID_PHONE"}


def expect(field, value, country):
    try:
        if country is not None:
            number = phonenumbers.parse(value, country.upper())
            value = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        return {"expected": NORMALIZE[field](value)}
    except (ValueError, phonenumbers.NumberParseException):
        return {"error": ERROR.get(field, "INVALID_FIELD")}


def main(corpus, out):
    count = 0
    with open(corpus, encoding="utf-8") as src, open(out, "w", encoding="utf-8") as dst:
        for raw in src:
            if not raw.strip():
                continue
            line = json.loads(raw)
            result = {"profile": "google", "field": line["field"], "input": line["input"]}
            country = line.get("defaultCountry")
            if country is not None:
                result["defaultCountry"] = country
            result.update(expect(line["field"], line["input"], country))
            dst.write(json.dumps(result, ensure_ascii=False) + "\n")
            count += 1
    print(f"google.py: wrote {count} google lines to {out}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
