//! The clean corpus: realistic shop strings (product names with numbers, SKUs, order numbers,
//! prices, sizes, dates, postal codes, ids, search queries) must survive redaction unchanged, in
//! free text, in properties and in URL query values and path segments. Prints the survival rate.

mod minimize_support;

use minimize_support::*;
use tracksafe::json::{object, Value};
use tracksafe::minimize::{redact_text, scrub_url, UrlOptions};

/// Every clean string must survive: over-redaction destroys analytics value and is a bug here,
/// not an accepted trade-off (each known limitation is documented by a test in `minimize_redact`).
const REQUIRED_RATE: f64 = 1.0;

#[test]
fn clean_strings_survive() {
    let lines = corpus(CLEAN);
    let url_opts = UrlOptions::default();
    let schemas = schemas();
    let mut total = 0usize;
    let mut lost = Vec::new();
    for line in &lines {
        let mut check = |where_: &str, kept: bool| {
            total += 1;
            if !kept {
                lost.push(format!("{where_}: {line:?} → {:?}", redact_text(line)));
            }
        };
        check("text", redact_text(line) == *line);
        let ev = object([
            ("name", Value::from("product_viewed")),
            ("properties", object([("name", Value::from(*line))])),
            ("context", object([("title", Value::from(*line))])),
        ]);
        let out = minimize(&ev, &schemas, ALL).event.map(|e| e.to_json());
        let want = object([
            ("name", Value::from("product_viewed")),
            ("properties", object([("name", Value::from(*line))])),
            ("context", object([("title", Value::from(*line))])),
        ])
        .to_json();
        check("event", out.as_deref() == Some(want.as_str()));
        let url = format!(
            "https://shop.example/search/{}?utm_term={}",
            url_encode(line),
            form_encode(line)
        );
        let scrubbed = scrub_url(&url, ALL, &url_opts);
        check("url", scrubbed == url);
    }
    let rate = 1.0 - lost.len() as f64 / total as f64;
    println!(
        "clean corpus: {} strings, {total} checks, {} over-redacted, survival {:.2}%",
        lines.len(),
        lost.len(),
        rate * 100.0
    );
    assert!(lines.len() >= 200);
    assert!(rate >= REQUIRED_RATE, "over-redacted:\n{}", lost.join("\n"));
}
