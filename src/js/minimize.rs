//! `minimizeEvent`, `scrubUrl` and `redactText` for JS: JS values become JSON text, the core
//! decides, and results come back as plain objects (from `JSON.parse`). No policy here.

use wasm_bindgen::prelude::*;

use super::error::to_js;
use crate::error::Error;
use crate::json::Value;
use crate::minimize::api::{minimize_json, StandaloneOptions};
use crate::minimize::{redact_text, scrub_url};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = JSON, js_name = stringify, catch)]
    fn json_stringify(value: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = JSON, js_name = parse)]
    fn json_parse(text: &str) -> JsValue;
}

/// Minimizes one event `{ name, properties, context }` under the given consent: properties not in
/// the event's schema are dropped, every kept string is PII-redacted, the URL is scrubbed, the
/// referrer cut to its origin and the user agent coarsened to a device. Returns
/// `{ event, dropped, redacted }` (`event` is `null` with a `reason` — `"unknown_event"` or
/// `"no_consent"` — when it cannot be sent). A missing purpose is denied.
///
/// ```ts
/// import { minimizeEvent } from "tracksafe";
/// const { event, dropped } = minimizeEvent(
///   { name: "search_submitted", properties: { query: "shoes jane@example.com", email: "x" } },
///   { consent: { analytics: true } },
/// );
/// // event.properties.query === "shoes [email]"; dropped → ["properties.email"]
/// ```
///
/// @throws TypeError `INVALID_EVENT` (not an event), `INVALID_OPTIONS` (unknown option or bad
/// custom schema), `INVALID_ARGUMENT` (unknown consent purpose, value not JSON-able).
#[wasm_bindgen(js_name = minimizeEvent)]
pub fn minimize_event(
    #[wasm_bindgen(unchecked_param_type = "object")] event: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "object | undefined")] options: &JsValue,
) -> Result<JsValue, JsValue> {
    let event = to_value(event, "event")?.unwrap_or(Value::Null);
    let options = to_value(options, "options")?;
    let opts = StandaloneOptions::for_event(options.as_ref()).map_err(to_js)?;
    let out = minimize_json(&event, &opts).map_err(to_js)?;
    Ok(json_parse(&out.to_json()))
}

/// Scrubs a page URL: keeps scheme, host and path; drops userinfo and the fragment; keeps only
/// allowlisted query parameters (`utm_*`; ad click ids only with `marketing`); redacts personal
/// data in path segments and kept values. Returns `""` for a URL that cannot be kept.
///
/// ```ts
/// import { scrubUrl } from "tracksafe";
/// scrubUrl("https://shop.example/u/jane%40example.com?utm_source=news&email=x#top", { consent: { analytics: true } });
/// // "https://shop.example/u/[email]?utm_source=news"
/// ```
///
/// @throws TypeError `INVALID_ARGUMENT` (url not a string, unknown consent purpose),
/// `INVALID_OPTIONS` (unknown option).
#[wasm_bindgen(js_name = scrubUrl)]
pub fn scrub_url_js(
    #[wasm_bindgen(unchecked_param_type = "string")] url: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "object | undefined")] options: &JsValue,
) -> Result<String, JsValue> {
    let url = string_arg(url, "scrubUrl(url): url")?;
    let options = to_value(options, "options")?;
    let opts = StandaloneOptions::for_url(options.as_ref()).map_err(to_js)?;
    Ok(scrub_url(&url, opts.consent, &opts.url))
}

/// Replaces emails, phone numbers, payment cards, IBANs, US SSNs, IP addresses and bearer
/// tokens/JWTs with `[email]`, `[phone]`, `[card]`, `[iban]`, `[ssn]`, `[ip]`, `[token]`; keeps
/// everything else (product names, SKUs, order numbers, sizes, prices).
///
/// ```ts
/// import { redactText } from "tracksafe";
/// redactText("Order #1001 for alex@example.org, call +1 202 555 0143"); // "Order #1001 for [email], call [phone]"
/// ```
///
/// @throws TypeError `INVALID_ARGUMENT` when `text` is not a string.
#[wasm_bindgen(js_name = redactText)]
pub fn redact_text_js(
    #[wasm_bindgen(unchecked_param_type = "string")] text: &JsValue,
) -> Result<String, JsValue> {
    let text = string_arg(text, "redactText(text): text")?;
    Ok(redact_text(&text).into_owned())
}

fn string_arg(v: &JsValue, what: &str) -> Result<String, JsValue> {
    v.as_string()
        .ok_or_else(|| to_js(Error::InvalidArgument(format!("{what} must be a string"))))
}

/// The JS value as core JSON; `None` for `undefined` and `null`.
fn to_value(v: &JsValue, what: &str) -> Result<Option<Value>, JsValue> {
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    let not_json = || {
        to_js(Error::InvalidArgument(format!(
            "{what} is not JSON-serializable"
        )))
    };
    let text = json_stringify(v)
        .map_err(|_| not_json())?
        .as_string()
        .ok_or_else(not_json)?;
    Value::parse(&text).map(Some).map_err(to_js)
}
