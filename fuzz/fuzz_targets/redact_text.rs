//! Redaction: never panics, its output is free of PII and redacting it again changes nothing.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tracksafe::minimize::{is_clean, redact_text};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let once = redact_text(&text).into_owned();
    assert!(is_clean(&once), "redacted text still holds PII: {once:?}");
    assert_eq!(redact_text(&once), once.as_str(), "redact_text is idempotent");
});
