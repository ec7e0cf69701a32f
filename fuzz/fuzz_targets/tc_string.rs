//! TC string decoder: never panics; a decoded model holds ascending, duplicate-free id sets.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(m) = tracksafe::consent::decode_tc_string(&text) {
        for set in [&m.purpose_consents, &m.vendor_consents, &m.vendors_disclosed, &m.publisher_consents] {
            assert!(set.windows(2).all(|w| w[0] < w[1]), "id sets are ascending and unique");
        }
    }
});
