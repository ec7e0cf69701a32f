//! The persisted queue reader: storage is never trusted; whatever it reads back is minimized.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tracksafe::event::Schemas;
use tracksafe::minimize::UrlOptions;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for e in tracksafe::persist::decode(text, 1.7e12, &Schemas::standard(), &UrlOptions::default()) {
        assert!(tracksafe::identity::is_uuid_v4(&e.event_id));
    }
});
