//! The standalone minimizer API behind the JS `minimizeEvent`, `scrubUrl` and `redactText`: strict
//! camelCase options and JSON results. Invariants: a missing consent purpose is denied, an unknown
//! option or purpose is refused (never ignored), and a result is plain JSON.

use super::{minimize_event, MinimizeOptions, Minimized, UrlOptions};
use crate::config::OptionReader;
use crate::consent::{Purpose, Purposes};
use crate::error::{Error, Result};
use crate::event::Schemas;
use crate::json::Value;

/// The options of `minimizeEvent`.
const EVENT_OPTIONS: &[&str] = &["consent", "customEvents", "queryAllowlist"];
/// The options of `scrubUrl` (custom events have no bearing on a URL).
const URL_OPTIONS: &[&str] = &["consent", "queryAllowlist"];

/// Parsed options of a standalone call.
#[derive(Debug)]
pub struct StandaloneOptions {
    pub consent: Purposes,
    pub schemas: Schemas,
    pub url: UrlOptions,
}

impl StandaloneOptions {
    /// `{ consent, customEvents, queryAllowlist }` of `minimizeEvent`; `null`/absent is all defaults.
    pub fn for_event(v: Option<&Value>) -> Result<StandaloneOptions> {
        parse(v, "minimizeEvent options", EVENT_OPTIONS)
    }

    /// `{ consent, queryAllowlist }` of `scrubUrl`.
    pub fn for_url(v: Option<&Value>) -> Result<StandaloneOptions> {
        parse(v, "scrubUrl options", URL_OPTIONS)
    }
}

fn parse(
    v: Option<&Value>,
    what: &'static str,
    known: &'static [&'static str],
) -> Result<StandaloneOptions> {
    let r = OptionReader::new(what, v, known)?;
    let mut url = UrlOptions::default();
    if let Some(list) = r.strings("queryAllowlist")? {
        url.query_allowlist = list;
    }
    let schemas = match known
        .contains(&"customEvents")
        .then(|| r.raw("customEvents"))
    {
        Some(Some(custom)) => Schemas::with_custom(custom)?,
        _ => Schemas::standard(),
    };
    Ok(StandaloneOptions {
        consent: parse_consent(r.raw("consent"))?,
        schemas,
        url,
    })
}

/// `{ analytics, marketing, preferences, saleOfData }` of booleans; a missing purpose is denied.
/// Not an object, an unknown purpose or a non-boolean is `Error::InvalidArgument`.
pub fn parse_consent(v: Option<&Value>) -> Result<Purposes> {
    let members = match v {
        None | Some(Value::Null) => return Ok(Purposes::DENIED),
        Some(Value::Object(m)) => m,
        Some(_) => {
            return Err(Error::InvalidArgument(
                "consent must be an object of booleans".into(),
            ))
        }
    };
    let mut p = Purposes::DENIED;
    for (k, val) in members {
        let purpose = Purpose::from_name(k).ok_or_else(|| {
            Error::InvalidArgument(format!(
                "unknown purpose consent.{k} (known: analytics, marketing, preferences, saleOfData)"
            ))
        })?;
        let granted = val
            .as_bool()
            .ok_or_else(|| Error::InvalidArgument(format!("consent.{k} must be a boolean")))?;
        p.set(purpose, granted);
    }
    Ok(p)
}

/// Minimizes one event as `{ event, reason?, dropped, redacted }`. An event that is not of the
/// accepted shape (not an object, no string `name`, non-object `properties` or `context`) is
/// `Error::InvalidEvent`: a caller mistake, not a denial.
pub fn minimize_json(event: &Value, opts: &StandaloneOptions) -> Result<Value> {
    let m = minimize_event(
        event,
        &MinimizeOptions {
            consent: opts.consent,
            schemas: &opts.schemas,
            url: &opts.url,
        },
    );
    if m.reason == Some("invalid_event") {
        return Err(Error::InvalidEvent(
            "an event is { name: string, properties?: object, context?: object }".into(),
        ));
    }
    Ok(m.to_json())
}

impl Minimized {
    /// `{ event, reason?, dropped, redacted }`, `reason` only when `event` is `null`.
    pub fn to_json(&self) -> Value {
        let paths =
            |l: &[String]| Value::Array(l.iter().map(|s| Value::from(s.as_str())).collect());
        let mut out = vec![(
            "event".to_owned(),
            self.event.clone().unwrap_or(Value::Null),
        )];
        if let (None, Some(reason)) = (&self.event, self.reason) {
            out.push(("reason".to_owned(), reason.into()));
        }
        out.push(("dropped".to_owned(), paths(&self.dropped)));
        out.push(("redacted".to_owned(), paths(&self.redacted)));
        Value::Object(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Value {
        Value::parse(s).unwrap()
    }

    #[test]
    fn consent_defaults_to_denied_and_refuses_unknown_purposes() {
        assert_eq!(parse_consent(None), Ok(Purposes::DENIED));
        assert_eq!(
            parse_consent(Some(&v(r#"{"analytics":true}"#))),
            Ok(Purposes {
                analytics: true,
                ..Purposes::DENIED
            })
        );
        for bad in [r#"{"analytic":true}"#, r#"{"analytics":1}"#, "true", "[]"] {
            let err = parse_consent(Some(&v(bad))).unwrap_err();
            assert_eq!(err.code(), "INVALID_ARGUMENT", "{bad}");
        }
    }

    #[test]
    fn options_are_strict() {
        let err = StandaloneOptions::for_event(Some(&v(r#"{"consnet":{}}"#))).unwrap_err();
        assert_eq!(err.code(), "INVALID_OPTIONS");
        let err = StandaloneOptions::for_url(Some(&v(r#"{"customEvents":{}}"#))).unwrap_err();
        assert_eq!(err.code(), "INVALID_OPTIONS");
        let declared = StandaloneOptions::for_event(Some(&v(
            r#"{"queryAllowlist":["ref"],"customEvents":{"wish":{"properties":{"n":{"type":"integer"}}}}}"#,
        )));
        #[cfg(feature = "extended")]
        {
            let o = declared.unwrap();
            assert_eq!(o.url.query_allowlist, ["ref"]);
            assert!(o.schemas.get("wish").is_some());
            assert_eq!(o.consent, Purposes::DENIED);
        }
        #[cfg(not(feature = "extended"))]
        assert_eq!(
            declared.unwrap_err().message(),
            "invalid options: options.customEvents needs the extended build \
             (tracksafe_extended_bg.wasm); this one leaves it out"
        );
    }

    #[test]
    fn results_are_json_with_a_reason_only_when_refused() {
        let granted =
            StandaloneOptions::for_event(Some(&v(r#"{"consent":{"analytics":true}}"#))).unwrap();
        let e = v(r#"{"name":"search_submitted","properties":{"query":"jane@example.com","x":1}}"#);
        assert_eq!(
            minimize_json(&e, &granted).unwrap().to_json(),
            r#"{"event":{"name":"search_submitted","properties":{"query":"[email]"}},"dropped":["properties.x"],"redacted":["properties.query"]}"#
        );
        let denied = StandaloneOptions::for_event(None).unwrap();
        assert_eq!(
            minimize_json(&e, &denied).unwrap().to_json(),
            r#"{"event":null,"reason":"no_consent","dropped":[],"redacted":[]}"#
        );
        for bad in [
            "1",
            r#"{"properties":{}}"#,
            r#"{"name":"page_viewed","context":"x"}"#,
        ] {
            let err = minimize_json(&v(bad), &granted).unwrap_err();
            assert_eq!(err.code(), "INVALID_EVENT", "{bad}");
        }
    }
}
