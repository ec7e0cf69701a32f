//! JSON reader: never panics; whatever parses writes back to text that parses to the same value.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tracksafe::json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(v) = Value::parse(text) {
        let again = Value::parse(&v.to_json()).expect("written JSON parses");
        assert_eq!(again, v, "JSON round trip");
    }
});
