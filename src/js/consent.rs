//! The consent functions of the npm package: `decodeTcString`, `decodeGppString`,
//! `parseConsentCookies`, `resolveConsent`. JSON text across the boundary; the glue in
//! functions.js parses it. Only in builds with the `decoders` feature.

use wasm_bindgen::prelude::*;

use super::error::{parse, to_js};
use crate::consent::io::purpose_signal_to_json;
use crate::consent::to_json::{gpp_to_json, tc_model_to_json};
use crate::consent::{
    decode_gpp_string, decode_tc_string, parse_consent_cookies, parse_consent_options,
    parse_signals, resolution_to_json, resolve,
};
use crate::json::{self, Value};

/// Decodes an IAB TCF v2 TC string (JSON text of the TCModel fields).
///
/// ```ts
/// decodeTcString("CQ…").purposeConsents; // [1, 2, 7]
/// ```
#[wasm_bindgen(js_name = decodeTcString)]
pub fn decode_tc_string_json(tc_string: &str) -> Result<String, JsValue> {
    let m = decode_tc_string(tc_string).map_err(to_js)?;
    Ok(tc_model_to_json(&m).to_json())
}

/// Decodes an IAB GPP string (JSON text of `{ version, sectionIds, sections }`).
///
/// ```ts
/// decodeGppString("DBABLA~CIRSCmEhEhhI").sections.usnat.SaleOptOut; // 1
/// ```
#[wasm_bindgen(js_name = decodeGppString)]
pub fn decode_gpp_string_json(gpp_string: &str) -> Result<String, JsValue> {
    let g = decode_gpp_string(gpp_string).map_err(to_js)?;
    Ok(gpp_to_json(&g).to_json())
}

/// Finds the CMP cookies in a `Cookie` header (JSON text of `{ signals, tcString }`).
///
/// ```ts
/// parseConsentCookies("OptanonConsent=groups=C0002%3A1").signals[0].purposes.analytics; // true
/// ```
#[wasm_bindgen(js_name = parseConsentCookies)]
pub fn parse_consent_cookies_json(
    cookie_header: &str,
    options_json: Option<String>,
) -> Result<String, JsValue> {
    let options = parse_options(options_json)?;
    let found = parse_consent_cookies(cookie_header, &options.cookies);
    let signals = found
        .signals
        .iter()
        .map(|s| {
            json::object([
                ("source", s.source.into()),
                ("purposes", purpose_signal_to_json(&s.purposes)),
            ])
        })
        .collect();
    Ok(json::object([
        ("signals", Value::Array(signals)),
        ("tcString", found.tc_string.into()),
    ])
    .to_json())
}

/// Resolves every signal into the four purposes (JSON text of `{ analytics, …, sources }`).
///
/// ```ts
/// resolveConsent({ gpc: true, manual: { analytics: true } }, {}).marketing; // false
/// ```
#[wasm_bindgen(js_name = resolveConsent)]
pub fn resolve_consent_json(
    signals_json: &str,
    options_json: Option<String>,
) -> Result<String, JsValue> {
    let signals = parse_signals(&parse(signals_json)?, false).map_err(to_js)?;
    let options = parse_options(options_json)?;
    Ok(resolution_to_json(&resolve(&signals, &options)).to_json())
}

fn parse_options(options_json: Option<String>) -> Result<crate::consent::ConsentOptions, JsValue> {
    let v = match options_json {
        Some(text) => Some(parse(&text)?),
        None => None,
    };
    parse_consent_options(v.as_ref(), "options").map_err(to_js)
}
