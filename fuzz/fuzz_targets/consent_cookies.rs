//! Consent cookies and the resolver: never panic, and GPC always denies marketing and sale.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tracksafe::consent::{parse_consent_cookies, resolve, ConsentOptions, Signals};

fuzz_target!(|data: &[u8]| {
    let header = String::from_utf8_lossy(data).into_owned();
    let options = ConsentOptions::default();
    let _ = parse_consent_cookies(&header, &options.cookies);
    let signals = Signals { cookies: Some(header), gpc: Some(true), ..Signals::default() };
    let r = resolve(&signals, &options);
    assert!(!r.purposes.marketing && !r.purposes.sale_of_data, "GPC must deny marketing and sale");
});
