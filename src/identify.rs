//! `identify()`: turns the shop's customer fields into hashed identifiers the moment they arrive,
//! and reads hashed identifiers back off the wire. Invariant: an `Identifiers` value holds only
//! lowercase hex digests, never a raw email, phone, name or customer id, and no error message
//! carries a value it was given.

use crate::error::{Error, Result};
use crate::hashing::{hash_email, hash_phone, normalize_and_hash, Profile};
use crate::json::Value;

/// The keys `identify()` accepts and the identifier field (wire key) each becomes.
pub const KEYS: [(&str, &str); 9] = [
    ("customerId", "external_id"),
    ("email", "em"),
    ("phone", "ph"),
    ("firstName", "fn"),
    ("lastName", "ln"),
    ("city", "ct"),
    ("state", "st"),
    ("zip", "zp"),
    ("country", "country"),
];

/// The identifier fields, in wire order.
pub const FIELDS: [&str; 9] = [
    "em",
    "ph",
    "fn",
    "ln",
    "ct",
    "st",
    "zp",
    "country",
    "external_id",
];

/// Hashed identifiers: at most one lowercase hex digest per field. Slot `i` holds the digest of
/// `FIELDS[i]`, so they are always in wire order with no insertion or search to keep them so.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Identifiers([Option<String>; FIELDS.len()]);

impl core::fmt::Debug for Identifiers {
    /// `Identifiers([("em", "<hex>"), …])`, the fields held in wire order.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let held: Vec<_> = self.iter().collect();
        f.debug_tuple("Identifiers").field(&held).finish()
    }
}

/// `field`'s slot (its rank in `FIELDS`).
fn slot(field: &str) -> Option<usize> {
    FIELDS.iter().position(|f| *f == field)
}

impl Identifiers {
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(Option::is_none)
    }

    /// The fields held, in wire order.
    pub fn fields(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        for (i, h) in self.0.iter().enumerate() {
            if h.is_some() {
                out.push(FIELDS[i]);
            }
        }
        out
    }

    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &str)> {
        FIELDS
            .iter()
            .zip(&self.0)
            .filter_map(|(f, h)| Some((*f, h.as_deref()?)))
    }

    /// Sets one field (replacing an earlier digest of the same field); `field` is one of
    /// `FIELDS`.
    fn set(&mut self, field: &str, digest: String) {
        if let Some(i) = slot(field) {
            self.0[i] = Some(digest);
        }
    }

    /// Takes every field of `newer`, keeping the fields it does not mention.
    pub fn merge(&mut self, mut newer: Identifiers) {
        for (i, h) in newer.0.iter_mut().enumerate() {
            if let Some(h) = h.take() {
                self.0[i] = Some(h);
            }
        }
    }

    pub fn clear(&mut self) {
        *self = Identifiers::default();
    }

    /// `{ "em": "<hex>", … }`.
    pub fn to_value(&self) -> Value {
        let mut members = Vec::new();
        for (i, h) in self.0.iter().enumerate() {
            if let Some(h) = h {
                members.push((FIELDS[i].to_owned(), Value::from(h.as_str())));
            }
        }
        Value::Object(members)
    }

    /// [`Identifiers::to_value`]'s JSON text, written straight (the page engine and the batch
    /// only send it): no `Value` tree with a copy of every digest.
    pub fn to_json(&self) -> String {
        let mut w = crate::json::ObjectWriter::new();
        for (i, h) in self.0.iter().enumerate() {
            if let Some(h) = h {
                w.string(FIELDS[i], h);
            }
        }
        w.finish()
    }

    /// Only the listed fields.
    pub fn only(&self, fields: &[&str]) -> Identifiers {
        let mut kept = self.clone();
        for (i, h) in kept.0.iter_mut().enumerate() {
            if !fields.contains(&FIELDS[i]) {
                *h = None;
            }
        }
        kept
    }

    /// Applies `f` to every digest (the edge's re-keying).
    pub fn map(&self, f: impl Fn(&str) -> String) -> Identifiers {
        let mut out = Identifiers::default();
        for (i, h) in self.0.iter().enumerate() {
            out.0[i] = h.as_deref().map(&f);
        }
        out
    }

    /// Reads identifiers off the wire: known fields whose value is a lowercase hex digest
    /// (SHA-256, or an MD5 Meta's SDK passes through). Anything else is dropped, never forwarded.
    pub fn from_wire(v: Option<&Value>) -> Identifiers {
        let mut out = Identifiers::default();
        for (k, val) in v.and_then(Value::as_object).unwrap_or_default() {
            let (Some(i), Some(h)) = (slot(k), val.as_str()) else {
                continue;
            };
            if is_hex_digest(h) {
                out.0[i] = Some(h.to_owned());
            }
        }
        out
    }

    /// Takes the digests a page's hasher computed (`hashIdentifyMember`, in the script tag a
    /// separately loaded wasm) back into the tracker: `{ field: "<hex>", … }` with known fields
    /// only. Strict where `from_wire` is lenient: anything else is an `InvalidArgument` and
    /// nothing is kept (a value that is not a digest could be raw PII).
    pub fn from_digests(v: &Value) -> Result<Identifiers> {
        let Some(members) = v.as_object() else {
            return Err(Error::InvalidArgument(
                "hashed identifiers must be an object such as { em }".into(),
            ));
        };
        // Checked and taken in one pass (`from_wire` would check each member again); nothing is
        // kept unless every member is valid.
        let mut out = Identifiers::default();
        for (k, val) in members {
            match (slot(k), val.as_str()) {
                (Some(i), Some(h)) if is_hex_digest(h) => out.0[i] = Some(h.to_owned()),
                // Neither the key nor the value is echoed: either could be a raw value.
                _ => {
                    return Err(Error::InvalidArgument(
                        "hashed identifiers take identifier fields with hex digests only".into(),
                    ))
                }
            }
        }
        Ok(out)
    }
}

/// A 64- (SHA-256) or 32-character (MD5) lowercase hex string.
pub fn is_hex_digest(s: &str) -> bool {
    matches!(s.len(), 32 | 64)
        && s.as_bytes()
            .iter()
            .all(|&b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// One member's value of an `identify({ … })` object, as the caller's language holds it.
#[derive(Debug, Clone, Copy)]
pub enum MemberValue<'a> {
    /// `null` (or JS `undefined`): the member is skipped.
    Absent,
    Text(&'a str),
    Number(f64),
    /// Anything else (a boolean, an object, an array): refused.
    Other,
}

impl<'a> From<&'a Value> for MemberValue<'a> {
    fn from(v: &'a Value) -> Self {
        match v {
            Value::Null => Self::Absent,
            Value::String(s) => Self::Text(s),
            Value::Number(n) => Self::Number(*n),
            _ => Self::Other,
        }
    }
}

/// Normalizes and hashes one member of an `identify({ … })` object under `profile`: the
/// identifier field it becomes and its digest, or `None` for an absent value.
///
/// Errors: `InvalidArgument` (TypeError) for an unknown key or a value that is not a string
/// (`customerId` may also be an integer); `InvalidEmail`, `InvalidPhone`, `InvalidField`
/// (RangeError) where the profile refuses a value.
pub fn hash_member(
    key: &str,
    value: MemberValue<'_>,
    profile: Profile,
) -> Result<Option<(&'static str, String)>> {
    let Some(&(name, field)) = KEYS.iter().find(|(k, _)| *k == key) else {
        // The key itself is not echoed: a shop may have passed a value as a key.
        return Err(Error::InvalidArgument(
            "unknown identify() key (known: customerId, email, phone, firstName, lastName, \
             city, state, zip, country)"
                .into(),
        ));
    };
    let number;
    let raw = match value {
        MemberValue::Absent => return Ok(None),
        MemberValue::Text(s) => s,
        MemberValue::Number(n) if field == "external_id" && n.fract() == 0.0 && n.abs() < 9e15 => {
            number = crate::text::int(n as i64);
            number.as_str()
        }
        _ => {
            return Err(Error::InvalidArgument(crate::text::cat!(
                "identify(): ",
                name,
                " must be a string"
            )))
        }
    };
    let digest = match field {
        "em" => hash_email(raw, profile)?,
        "ph" => hash_phone(raw, profile, None)?,
        _ => normalize_and_hash(field, raw, profile)?,
    };
    Ok(Some((field, digest)))
}

/// Normalizes and hashes every member of an `identify({ … })` object under `profile`
/// (`hash_member` each). All or nothing: one bad member is an error and nothing of the call is
/// kept. A value that is not an object is an `InvalidArgument`.
pub fn hash_fields(v: &Value, profile: Profile) -> Result<Identifiers> {
    let Value::Object(members) = v else {
        return Err(Error::InvalidArgument(
            "identify takes an object such as { email, phone }".into(),
        ));
    };
    let mut out = Identifiers::default();
    for (key, value) in members {
        if let Some((field, digest)) = hash_member(key, value.into(), profile)? {
            out.set(field, digest);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hashing::sha256_hex;
    use crate::json;

    fn parse(s: &str) -> Value {
        Value::parse(s).unwrap()
    }

    #[test]
    fn the_json_text_is_the_values_text() {
        let hex = |c: &str| c.repeat(64);
        let mut ids = Identifiers::default();
        assert_eq!(ids.to_json(), ids.to_value().to_json());
        for (i, f) in FIELDS.iter().rev().enumerate() {
            ids.set(f, hex(&i.to_string()));
            assert_eq!(ids.to_json(), ids.to_value().to_json());
        }
    }

    #[test]
    fn fields_are_hashed_under_the_profile_and_never_kept_raw() {
        let ids = hash_fields(
            &parse(
                r#"{"email":" Jane.Doe+shop@Example.com ","phone":"+1 (555) 123-4567","customerId":42}"#,
            ),
            Profile::Meta,
        )
        .unwrap();
        assert_eq!(ids.fields(), ["em", "ph", "external_id"]);
        let v = ids.to_value();
        let get = |k| v.get(k).and_then(Value::as_str).unwrap().to_owned();
        assert_eq!(get("em"), sha256_hex(b"jane.doe+shop@example.com"));
        assert_eq!(get("ph"), sha256_hex(b"15551234567"));
        assert_eq!(get("external_id"), sha256_hex(b"42"));
        let text = v.to_json();
        for raw in ["jane", "Jane", "555", "42\""] {
            assert!(!text.contains(raw), "{raw} in {text}");
        }
        let google = hash_fields(
            &parse(r#"{"email":"Jane.Doe+shop@gmail.com"}"#),
            Profile::Google,
        );
        assert_eq!(
            google.unwrap().to_value().get("em").and_then(Value::as_str),
            Some(sha256_hex(b"janedoe@gmail.com").as_str())
        );
    }

    #[test]
    fn bad_calls_are_errors_that_do_not_echo_values() {
        let cases = [
            (r#"{"emial":"jane@example.com"}"#, "INVALID_ARGUMENT"),
            (r#"{"jane@example.com":"x"}"#, "INVALID_ARGUMENT"),
            (r#"{"email":["jane@example.com"]}"#, "INVALID_ARGUMENT"),
            (r#"{"phone":5551234567}"#, "INVALID_ARGUMENT"),
            (r#""jane@example.com""#, "INVALID_ARGUMENT"),
            (r#"{"email":"jane at example.com"}"#, "INVALID_EMAIL"),
            (r#"{"phone":"12"}"#, "INVALID_PHONE"),
            (r#"{"firstName":"  "}"#, "INVALID_FIELD"),
        ];
        for (input, code) in cases {
            let err = hash_fields(&parse(input), Profile::Meta).unwrap_err();
            assert_eq!(err.code(), code, "{input}");
            let msg = err.to_string();
            assert!(!msg.contains("jane") && !msg.contains("555"), "{msg}");
        }
        assert!(hash_fields(&parse(r#"{"email":null}"#), Profile::Meta)
            .unwrap()
            .is_empty());
    }

    #[test]
    fn merge_replaces_per_field_and_wire_reading_fails_closed() {
        let mut ids =
            hash_fields(&parse(r#"{"zip":"94025","email":"a@b.co"}"#), Profile::Meta).unwrap();
        ids.merge(hash_fields(&parse(r#"{"zip":"10115"}"#), Profile::Meta).unwrap());
        assert_eq!(ids.fields(), ["em", "zp"]);
        assert_eq!(ids.iter().nth(1).unwrap().1, sha256_hex(b"10115"));

        let hex = sha256_hex(b"x");
        let wire = json::object([
            ("em", hex.as_str().into()),
            ("ph", "jane@example.com".into()),
            ("fn", hex.to_uppercase().as_str().into()),
            ("ssn", hex.as_str().into()),
            ("external_id", 7.0.into()),
        ]);
        let read = Identifiers::from_wire(Some(&wire));
        assert_eq!(read.fields(), ["em"]);
        assert!(Identifiers::from_wire(Some(&"x".into())).is_empty());
    }

    #[test]
    fn digests_from_the_page_hasher_are_taken_whole_or_refused() {
        let hashed =
            hash_fields(&parse(r#"{"zip":"94025","email":"a@b.co"}"#), Profile::Meta).unwrap();
        let back = Identifiers::from_digests(&hashed.to_value()).unwrap();
        assert_eq!(back, hashed);
        assert!(Identifiers::from_digests(&parse("{}")).unwrap().is_empty());

        let hex = sha256_hex(b"x");
        let refused = [
            r#""jane@example.com""#.to_owned(),
            format!(r#"{{"em":"{hex}","ph":"jane@example.com"}}"#),
            format!(r#"{{"em":"{}"}}"#, hex.to_uppercase()),
            format!(r#"{{"email":"{hex}"}}"#),
            format!(r#"{{"jane@example.com":"{hex}"}}"#),
            r#"{"external_id":42}"#.to_owned(),
        ];
        for input in refused {
            let err = Identifiers::from_digests(&parse(&input)).unwrap_err();
            assert_eq!(err.code(), "INVALID_ARGUMENT", "{input}");
            assert!(!err.to_string().contains("jane"), "{input}");
        }
    }
}
