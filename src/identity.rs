//! Random guest identifiers: a visitor ID with an absolute lifetime and a session ID that ends
//! after inactivity. Randomness and time are passed in; nothing here reads a clock or an RNG.

use crate::error::{Error, Result};

/// The visitor cookie's name.
pub const VISITOR_COOKIE: &str = "_ts_vid";
/// The session cookie's name.
pub const SESSION_COOKIE: &str = "_ts_sid";
/// Default absolute lifetime of a visitor ID, in days.
pub const DEFAULT_LIFETIME_DAYS: u32 = 180;
/// The longest lifetime a shop may configure: 13 months.
pub const MAX_LIFETIME_DAYS: u32 = 396;
/// A session ends after this much inactivity.
pub const SESSION_IDLE_MS: f64 = 30.0 * 60.0 * 1000.0;
const DAY_MS: f64 = 86_400_000.0;

/// Fills a buffer with cryptographically secure random bytes (the platform's RNG in production).
pub type FillRandom<'a> = &'a mut dyn FnMut(&mut [u8]) -> Result<()>;

/// A random UUIDv4 string from 16 random bytes.
pub fn uuid_v4(fill: FillRandom) -> Result<String> {
    let mut b = [0u8; 16];
    fill(&mut b).map_err(|_| Error::RandomUnavailable)?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(36);
    for (i, byte) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            s.push('-');
        }
        s.push(HEX[(byte >> 4) as usize] as char);
        s.push(HEX[(byte & 0xf) as usize] as char);
    }
    Ok(s)
}

/// Whether `s` has the exact shape of a lowercase UUIDv4 (as `uuid_v4` makes).
pub fn is_uuid_v4(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, &c)| match i {
            8 | 13 | 18 | 23 => c == b'-',
            14 => c == b'4',
            19 => matches!(c, b'8' | b'9' | b'a' | b'b'),
            _ => matches!(c, b'0'..=b'9' | b'a'..=b'f'),
        })
}

/// A guest identifier together with the moment it was made (or last active, for sessions).
#[derive(Debug, Clone, PartialEq)]
pub struct StampedId {
    pub id: String,
    pub at_ms: f64,
}

impl StampedId {
    /// The cookie value: `<uuid>.<ms>`.
    pub fn to_cookie_value(&self) -> String {
        let mut s = crate::text::cat!(self.id, ".");
        crate::text::push_uint(&mut s, self.at_ms as u64, 0);
        s
    }

    /// Parses a cookie value; anything malformed or from the future is refused (a new ID follows).
    pub fn parse(value: &str, now_ms: f64) -> Option<StampedId> {
        let (id, at) = crate::text::split_once_byte(value, b'.')?;
        let at_ms = crate::text::decimal(at)?;
        let at_ms = at_ms as f64;
        // A little clock skew between tabs is tolerated; a stamp far in the future is forged.
        (is_uuid_v4(id) && at_ms <= now_ms + 60_000.0).then(|| StampedId {
            id: id.to_owned(),
            at_ms,
        })
    }
}

/// The visitor ID if it is still within its absolute lifetime (activity never extends it).
pub fn live_visitor(
    stored: Option<StampedId>,
    now_ms: f64,
    lifetime_days: u32,
) -> Option<StampedId> {
    stored.filter(|v| now_ms - v.at_ms < f64::from(lifetime_days) * DAY_MS)
}

/// The session ID if the last activity was less than 30 minutes ago.
pub fn live_session(stored: Option<StampedId>, now_ms: f64) -> Option<StampedId> {
    stored.filter(|s| now_ms - s.at_ms < SESSION_IDLE_MS)
}

/// Seconds until the visitor cookie must expire (its remaining absolute lifetime).
pub fn visitor_max_age_s(v: &StampedId, now_ms: f64, lifetime_days: u32) -> u64 {
    let end = v.at_ms + f64::from(lifetime_days) * DAY_MS;
    ((end - now_ms) / 1000.0).max(0.0) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sevens(b: &mut [u8]) -> Result<()> {
        b.fill(7);
        Ok(())
    }

    #[test]
    fn uuid_has_version_and_variant_bits() {
        let id = uuid_v4(&mut sevens).unwrap();
        assert_eq!(id, "07070707-0707-4707-8707-070707070707");
        assert!(is_uuid_v4(&id));
        assert!(!is_uuid_v4("07070707-0707-1707-8707-070707070707"));
        assert!(!is_uuid_v4("07070707-0707-4707-8707-07070707070G"));
    }

    #[test]
    fn rng_failure_is_an_error_not_a_weak_id() {
        let mut broken = |_: &mut [u8]| Err(Error::RandomUnavailable);
        assert_eq!(uuid_v4(&mut broken), Err(Error::RandomUnavailable));
    }

    #[test]
    fn visitor_expires_after_its_absolute_lifetime() {
        let made = StampedId {
            id: uuid_v4(&mut sevens).unwrap(),
            at_ms: 1_000.0,
        };
        let parsed = StampedId::parse(&made.to_cookie_value(), 2_000.0).unwrap();
        assert_eq!(parsed, made);
        let day = 86_400_000.0;
        assert!(live_visitor(Some(made.clone()), 1_000.0 + 179.0 * day, 180).is_some());
        assert!(live_visitor(Some(made.clone()), 1_000.0 + 180.0 * day, 180).is_none());
        assert_eq!(visitor_max_age_s(&made, 1_000.0, 1), 86_400);
    }

    #[test]
    fn forged_or_malformed_cookies_are_refused() {
        for bad in [
            "",
            "abc",
            "07070707-0707-4707-8707-070707070707",
            "x.1",
            "07070707-0707-4707-8707-070707070707.-1",
        ] {
            assert_eq!(StampedId::parse(bad, 0.0), None, "{bad}");
        }
        let future = "07070707-0707-4707-8707-070707070707.999999999";
        assert_eq!(StampedId::parse(future, 0.0), None);
    }

    #[test]
    fn session_ends_after_thirty_idle_minutes() {
        let s = StampedId {
            id: uuid_v4(&mut sevens).unwrap(),
            at_ms: 0.0,
        };
        assert!(live_session(Some(s.clone()), SESSION_IDLE_MS - 1.0).is_some());
        assert!(live_session(Some(s), SESSION_IDLE_MS).is_none());
    }
}
