//! Re-keying at the edge: every identifier bound upstream (visitor ID, session ID, hashed email,
//! phone, name, address, customer id) becomes HMAC-SHA-256(pepper, value). Invariant: the upstream
//! never receives an identifier un-keyed, except the platform-format hashes of the fields a shop
//! names in `passThroughHashes`, and those only under `marketing`, beside the keyed ones.

use core::fmt;

use crate::batch;
use crate::config::OptionReader;
use crate::consent::Purposes;
use crate::error::{Error, Result};
use crate::hashing::{pseudonymize, Profile};
use crate::identify::{Identifiers, FIELDS};
use crate::identity::{self, StampedId};
use crate::json::Value;

/// The shortest pepper the collector accepts, in bytes.
pub const MIN_PEPPER_BYTES: usize = crate::hashing::MIN_KEY_BYTES;

/// The edge secret and the explicit pass-through list. `Debug` never prints the pepper.
pub struct Rekey {
    pepper: Vec<u8>,
    pass_through: Vec<&'static str>,
}

impl fmt::Debug for Rekey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rekey")
            .field("pepper", &"<redacted>")
            .field("pass_through", &self.pass_through)
            .finish()
    }
}

impl Rekey {
    /// Reads `pepper` (required, at least 16 bytes) and `passThroughHashes` (`false`, the default,
    /// or the identifier fields whose platform-format hash may also go upstream).
    pub fn parse(r: &OptionReader) -> Result<Rekey> {
        let pepper = r.string("pepper")?.unwrap_or_default();
        if pepper.len() < MIN_PEPPER_BYTES {
            // The value is never echoed: it is a secret.
            return Err(Error::InvalidOptions(
                "collector options.pepper is required: a secret of at least 16 bytes \
                 (TRACKSAFE_PEPPER)"
                    .into(),
            ));
        }
        let bad = || {
            Error::InvalidOptions(
                "collector options.passThroughHashes must be false or a list of identifier \
                 fields (em, ph, fn, ln, ct, st, zp, country, external_id)"
                    .into(),
            )
        };
        let pass_through = match r.raw("passThroughHashes") {
            None | Some(Value::Bool(false)) => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| {
                    let name = v.as_str().ok_or_else(bad)?;
                    FIELDS.iter().find(|f| **f == name).copied().ok_or_else(bad)
                })
                .collect::<Result<_>>()?,
            Some(_) => return Err(bad()),
        };
        Ok(Rekey {
            pepper: pepper.as_bytes().to_vec(),
            pass_through,
        })
    }

    /// One identifier, re-keyed: 64 lowercase hex digits.
    pub fn key(&self, value: &str) -> String {
        pseudonymize(value, &self.pepper)
    }

    /// Every digest re-keyed.
    pub fn identifiers(&self, ids: &Identifiers) -> Identifiers {
        ids.map(|h| self.key(h))
    }

    /// The visitor and session IDs of a batch, re-keyed: from its body, or else from the
    /// request's `_ts_vid` / `_ts_sid` cookies (IDs the edge set `HttpOnly` via `GET /id`) while
    /// those are within their lifetimes.
    pub fn batch_ids(
        &self,
        body: &Value,
        cookie: Option<&str>,
        now_ms: f64,
        lifetime_days: u32,
    ) -> (Option<String>, Option<String>) {
        let from_body = |k| {
            body.get(k)
                .and_then(Value::as_str)
                .filter(|v| identity::is_uuid_v4(v))
                .map(str::to_owned)
        };
        let (v, s) = super::cookie::stamped_ids(cookie, now_ms);
        let v = identity::live_visitor(v, now_ms, lifetime_days).map(|x: StampedId| x.id);
        let s = identity::live_session(s, now_ms).map(|x| x.id);
        (
            from_body("visitorId").or(v).map(|id| self.key(&id)),
            from_body("sessionId").or(s).map(|id| self.key(&id)),
        )
    }

    /// Adds the batch's hashed identifiers to the upstream batch `out`, re-keyed, under
    /// `marketing` only; values that are not hex digests and an unknown profile are dropped.
    /// The pass-through fields also go as `platformHashes`, as the browser hashed them.
    pub fn add_identifiers(&self, body: &Value, consent: Purposes, out: &mut Value) {
        let Some(profile) = body
            .get("hashProfile")
            .and_then(Value::as_str)
            .and_then(|p| Profile::parse(p).ok())
        else {
            return;
        };
        let ids = Identifiers::from_wire(body.get("identifiers"));
        batch::add_identifiers(out, consent, profile.name(), &self.identifiers(&ids));
        let platform = ids.only(&self.pass_through);
        if let (true, false, Value::Object(m)) = (consent.marketing, platform.is_empty(), out) {
            m.push(("platformHashes".to_owned(), platform.to_value()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hashing::{hmac_sha256_hex, sha256_hex};
    use crate::json;

    const PEPPER: &str = "unit-test-pepper-0123456789";

    fn rekey(extra: &str) -> Result<Rekey> {
        let v = Value::parse(&format!("{{\"pepper\":\"{PEPPER}\"{extra}}}")).unwrap();
        Rekey::parse(&OptionReader::new(
            "t",
            Some(&v),
            &["pepper", "passThroughHashes"],
        )?)
    }

    #[test]
    fn pepper_is_required_long_and_never_printed() {
        for bad in [r#"{}"#, r#"{"pepper":"short"}"#, r#"{"pepper":7}"#] {
            let v = Value::parse(bad).unwrap();
            let r = OptionReader::new("t", Some(&v), &["pepper", "passThroughHashes"]).unwrap();
            let err = Rekey::parse(&r).unwrap_err();
            assert_eq!(err.code(), "INVALID_OPTIONS");
            assert!(!err.to_string().contains("short"));
        }
        let r = rekey("").unwrap();
        assert!(!format!("{r:?}").contains(PEPPER));
        assert_eq!(r.key("x"), hmac_sha256_hex(PEPPER.as_bytes(), b"x"));
        for bad in [
            r#","passThroughHashes":true"#,
            r#","passThroughHashes":["email"]"#,
        ] {
            assert_eq!(rekey(bad).unwrap_err().code(), "INVALID_OPTIONS", "{bad}");
        }
    }

    #[test]
    fn identifiers_are_rekeyed_under_marketing_and_pass_through_is_explicit() {
        let em = sha256_hex(b"jane@example.com");
        let body = json::object([
            ("hashProfile", "meta".into()),
            (
                "identifiers",
                json::object([("em", em.as_str().into()), ("ph", "5551234567".into())]),
            ),
        ]);
        let marketing = Purposes {
            marketing: true,
            ..Purposes::DENIED
        };
        let r = rekey("").unwrap();
        let mut out = json::object([("events", Value::Array(vec![]))]);
        r.add_identifiers(&body, marketing, &mut out);
        let ids = out.get("identifiers").unwrap();
        assert_eq!(
            ids.get("em").and_then(Value::as_str),
            Some(hmac_sha256_hex(PEPPER.as_bytes(), em.as_bytes()).as_str())
        );
        assert!(ids.get("ph").is_none(), "a raw phone is never forwarded");
        assert!(!out.to_json().contains(&em) && out.get("platformHashes").is_none());

        let mut denied = json::object([]);
        r.add_identifiers(&body, Purposes::DENIED, &mut denied);
        assert_eq!(denied, json::object([]));

        let through = rekey(r#","passThroughHashes":["em"]"#).unwrap();
        let mut out = json::object([]);
        through.add_identifiers(&body, marketing, &mut out);
        let platform = out.get("platformHashes").and_then(|p| p.get("em"));
        assert_eq!(platform.and_then(Value::as_str), Some(em.as_str()));
    }

    #[test]
    fn batch_ids_come_from_the_body_or_live_cookies() {
        let r = rekey("").unwrap();
        let vid = "07070707-0707-4707-8707-070707070707";
        let body = json::object([("visitorId", vid.into()), ("sessionId", "nope".into())]);
        let (v, s) = r.batch_ids(&body, None, 0.0, 180);
        assert_eq!(v, Some(r.key(vid)));
        assert_eq!(s, None);
        let cookie = format!("_ts_vid={vid}.1000; _ts_sid={vid}.1000");
        let (v, s) = r.batch_ids(&json::object([]), Some(&cookie), 2000.0, 180);
        assert_eq!(
            (v.as_deref(), s.as_deref()),
            (Some(&*r.key(vid)), Some(&*r.key(vid)))
        );
        let late = 1000.0 + 181.0 * 86_400_000.0;
        assert_eq!(
            r.batch_ids(&json::object([]), Some(&cookie), late, 180),
            (None, None)
        );
    }
}
