//! Event JSON → minimizer: never panics; output keys are in the schema, every output string is
//! free of PII, and minimizing the output again changes nothing.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tracksafe::consent::Purposes;
use tracksafe::event::Schemas;
use tracksafe::json::Value;
use tracksafe::minimize::{is_clean, minimize_event, MinimizeOptions, UrlOptions};

fn strings_clean(v: &Value) -> bool {
    match v {
        Value::String(s) => is_clean(s),
        Value::Array(a) => a.iter().all(strings_clean),
        Value::Object(m) => m.iter().all(|(k, v)| is_clean(k) && strings_clean(v)),
        _ => true,
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(event) = Value::parse(text) else { return };
    let schemas = Schemas::standard();
    let url = UrlOptions::default();
    let opts = MinimizeOptions { consent: Purposes { analytics: true, ..Purposes::DENIED }, schemas: &schemas, url: &url };
    let Some(out) = minimize_event(&event, &opts).event else { return };
    assert!(strings_clean(&out), "PII in {}", out.to_json());
    let name = out.get("name").and_then(Value::as_str).expect("a kept event has a name");
    let schema = schemas.get(name).expect("a kept event has a schema");
    for (k, _) in out.get("properties").and_then(Value::as_object).unwrap_or(&[]) {
        assert!(schema.field(k).is_some(), "property {k} is not in the schema of {name}");
    }
    let again = minimize_event(&out, &opts).event.expect("minimized output is accepted again");
    assert_eq!(again, out, "minimize_event is idempotent");
});
