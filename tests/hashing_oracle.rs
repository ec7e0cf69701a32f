//! Oracle test: tracksafe's hashing agrees with the vendors' own libraries on every corpus line.
//! The expected values come from files written by tests/oracles/hashing/{corpus.mjs,google.py};
//! `TRACKSAFE_HASHING_ORACLE` names them (comma-separated). Nothing here is typed by hand.

use tracksafe::hashing::{hash_email, hash_phone, normalize_and_hash, Profile};
use tracksafe::json::Value;

fn run(line: &Value) -> Result<String, &'static str> {
    let s = |k: &str| line.get(k).and_then(Value::as_str);
    let profile = Profile::parse(s("profile").expect("profile")).expect("known profile");
    let (field, input) = (s("field").expect("field"), s("input").expect("input"));
    let result = match field {
        "em" => hash_email(input, profile),
        "ph" => hash_phone(input, profile, s("defaultCountry")),
        _ => normalize_and_hash(field, input, profile),
    };
    result.map_err(|e| e.code())
}

#[test]
fn agrees_with_reference_libraries_on_every_line() {
    let Ok(paths) = std::env::var("TRACKSAFE_HASHING_ORACLE") else {
        println!("skipped: run via make test");
        return;
    };
    let (mut compared, mut failures) = (0, Vec::new());
    for path in paths.split(',').filter(|p| !p.is_empty()) {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        for (n, raw) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let line = Value::parse(raw).unwrap_or_else(|e| panic!("{path}:{}: {e}", n + 1));
            let want = match (line.get("expected"), line.get("error")) {
                (Some(v), None) => Ok(v.as_str().expect("expected is a string").to_owned()),
                (None, Some(e)) => Err(e.as_str().expect("error is a string")),
                _ => panic!("{path}:{}: needs exactly one of expected, error", n + 1),
            };
            let got = run(&line);
            if got.as_deref().map_err(|e| *e) != want.as_deref().map_err(|e| *e) {
                failures.push(format!("{path}:{}: {raw}\n    got {got:?}", n + 1));
            }
            compared += 1;
        }
    }
    println!(
        "hashing oracle: compared {compared} lines, {} disagree",
        failures.len()
    );
    assert!(compared > 0, "oracle files hold no lines");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
