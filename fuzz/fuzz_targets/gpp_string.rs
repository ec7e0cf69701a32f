//! GPP string decoder: never panics; every decoded section is one the header listed.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(g) = tracksafe::consent::decode_gpp_string(&text) {
        for s in &g.sections {
            assert!(g.section_ids.contains(&s.id), "section {} not in the header", s.id);
        }
    }
});
