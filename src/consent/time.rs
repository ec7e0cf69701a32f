//! Millisecond timestamps as ISO-8601 text, byte-for-byte what JS `new Date(ms).toISOString()` gives.
//!
//! Invariant: `None` exactly where JS throws a `RangeError` (|ms| beyond 8.64e15); never panics.

use crate::text::push_uint;

/// The largest |ms| a JS `Date` can hold (±100,000,000 days around the epoch).
pub const MAX_DATE_MS: i64 = 8_640_000_000_000_000;

/// Formats `ms` since the Unix epoch like JS `toISOString()`:
/// `YYYY-MM-DDTHH:MM:SS.mmmZ`, with a signed six-digit year outside 0000–9999.
pub fn iso8601_from_ms(ms: i64) -> Option<String> {
    if !(-MAX_DATE_MS..=MAX_DATE_MS).contains(&ms) {
        return None;
    }
    let days = ms.div_euclid(86_400_000);
    let in_day = ms.rem_euclid(86_400_000);
    let (year, month, day) = civil_from_days(days);
    let (h, m, s, milli) = (
        in_day / 3_600_000,
        in_day / 60_000 % 60,
        in_day / 1000 % 60,
        in_day % 1000,
    );
    // Written digit by digit (no `core::fmt` in the page build), as
    // `{year:04}` / `-{:06}` / `+{year:06}`, then `-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}.{milli:03}Z`.
    let mut out = String::with_capacity(27);
    if (0..=9999).contains(&year) {
        push_uint(&mut out, year as u64, 4);
    } else {
        out.push(if year < 0 { '-' } else { '+' });
        push_uint(&mut out, year.unsigned_abs(), 6);
    }
    for (sep, n, width) in [
        ('-', u64::from(month), 2),
        ('-', u64::from(day), 2),
        ('T', h as u64, 2),
        (':', m as u64, 2),
        (':', s as u64, 2),
        ('.', milli as u64, 3),
    ] {
        out.push(sep);
        push_uint(&mut out, n, width);
    }
    out.push('Z');
    Some(out)
}

/// Proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_js_to_iso_string() {
        assert_eq!(iso8601_from_ms(0).unwrap(), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso8601_from_ms(-1).unwrap(), "1969-12-31T23:59:59.999Z");
        assert_eq!(
            iso8601_from_ms(1_582_243_059_300).unwrap(),
            "2020-02-20T23:57:39.300Z"
        );
        assert_eq!(
            iso8601_from_ms(951_782_400_000).unwrap(),
            "2000-02-29T00:00:00.000Z"
        );
        assert_eq!(
            iso8601_from_ms(253_402_300_800_000).unwrap(),
            "+010000-01-01T00:00:00.000Z"
        );
        assert_eq!(
            iso8601_from_ms(-62_167_219_200_000).unwrap(),
            "0000-01-01T00:00:00.000Z"
        );
        assert_eq!(
            iso8601_from_ms(-62_167_219_200_001).unwrap(),
            "-000001-12-31T23:59:59.999Z"
        );
        assert_eq!(
            iso8601_from_ms(MAX_DATE_MS).unwrap(),
            "+275760-09-13T00:00:00.000Z"
        );
        assert_eq!(
            iso8601_from_ms(-MAX_DATE_MS).unwrap(),
            "-271821-04-20T00:00:00.000Z"
        );
        assert_eq!(iso8601_from_ms(MAX_DATE_MS + 1), None);
        assert_eq!(iso8601_from_ms(i64::MIN), None);
    }
}
