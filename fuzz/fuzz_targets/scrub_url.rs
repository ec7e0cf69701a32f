//! URL scrubbing: never panics, its output is free of PII and scrubbing it again changes nothing.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tracksafe::consent::Purposes;
use tracksafe::minimize::{is_clean, scrub_url, UrlOptions};

fuzz_target!(|data: &[u8]| {
    let url = String::from_utf8_lossy(data);
    let consent = Purposes { analytics: true, marketing: data.first().is_some_and(|b| b & 1 == 1), ..Purposes::DENIED };
    let opts = UrlOptions::default();
    let once = scrub_url(&url, consent, &opts);
    assert!(is_clean(&once), "scrubbed URL still holds PII: {once:?}");
    assert_eq!(scrub_url(&once, consent, &opts), once, "scrub_url is idempotent");
});
