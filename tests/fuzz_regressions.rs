//! Inputs that `make fuzz` once found failing, kept as regression tests.

use tracksafe::json::Value;

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
