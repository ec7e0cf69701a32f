//! Inputs that `make fuzz` once found failing, kept as regression tests.

use tracksafe::json::Value;
use tracksafe::minimize::{is_clean, redact_text};

/// Every value that parses must write back to text that parses to the same value.
fn json_round_trips(text: &str) {
    let v = Value::parse(text).unwrap_or_else(|e| panic!("{text:?} should parse: {e}"));
    let written = v.to_json();
    assert_eq!(
        Value::parse(&written).as_ref(),
        Ok(&v),
        "{text:?} wrote {written:?}"
    );
}

#[test]
fn big_and_tiny_floats_round_trip() {
    // json_parse crash-34b8065f: `-1e27` was written as 28 digits, which read back as an
    // integer beyond 2^53 and was refused.
    for text in [
        "-1e27",
        "1e300",
        "1.5e20",
        "9007199254740993.0e0",
        "1e-300",
        "-2.5e-9",
        "0.1",
        "123.456",
    ] {
        json_round_trips(text);
    }
}

#[test]
fn redaction_settles_on_a_long_chain() {
    // redact_text crash-2f6b1ac7: each replacement exposed the next match (phone, IPv6, phone,
    // ...) and the text was still dirty when the passes ran out.
    let bytes = b"C\xe5);00%bDE13ca2 F\xcd4466=@\xe4\x13\xad\xe5\x90 0044 055a3::8DE89 3704 0047040044 055a3::8DE89 3704 004704 0044 055a3::8a0e:6+(052352 0 0044 055a3::8a0e:6+(052352 0044 055a3::8a0$:";
    let text = String::from_utf8_lossy(bytes);
    let once = redact_text(&text).into_owned();
    assert!(is_clean(&once), "{once:?}");
    assert_eq!(redact_text(&once), once.as_str());
}
