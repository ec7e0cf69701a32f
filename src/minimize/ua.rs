//! User-agent coarsening: a raw user-agent string becomes a device class, a browser family and a
//! major version. Invariant: the output holds only values from fixed allowlists (and a bounded
//! integer), so no part of the raw string can pass through.

use super::find::{contains, find, find_from};
use crate::json::{push_member, Value};

/// The device classes reported.
pub const CLASSES: [&str; 5] = ["mobile", "tablet", "desktop", "bot", "unknown"];
/// The browser families reported.
pub const BROWSERS: [&str; 7] = [
    "chrome", "safari", "firefox", "edge", "samsung", "opera", "other",
];
/// Longest prefix of a user agent that is looked at.
const MAX_UA: usize = 1024;
/// Largest major version reported.
const MAX_MAJOR: u32 = 999;

/// A coarse device description, safe to send upstream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Device {
    pub class: &'static str,
    pub browser: &'static str,
    pub major: Option<u32>,
}

impl Device {
    /// `{ "class", "browser", "major"? }`.
    pub fn to_json(&self) -> Value {
        let mut m = Vec::new();
        push_member(&mut m, "class", Value::from(self.class));
        push_member(&mut m, "browser", Value::from(self.browser));
        if let Some(major) = self.major {
            push_member(&mut m, "major", Value::from(major));
        }
        Value::Object(m)
    }

    /// Reads back a device produced by [`Device::to_json`]; anything off the allowlists is `None`.
    pub fn from_json(v: &Value) -> Option<Device> {
        let m = v.as_object()?;
        let mut class = None;
        let mut browser = None;
        let mut major = None;
        for (k, v) in m {
            // A non-string reads as "", which is on neither list.
            let s = v.as_str().unwrap_or("");
            match k.as_str() {
                "class" => class = CLASSES.iter().find(|c| **c == s),
                "browser" => browser = BROWSERS.iter().find(|b| **b == s),
                "major" => {
                    let n = v
                        .as_f64()
                        .filter(|n| n.fract() == 0.0 && (1.0..=MAX_MAJOR as f64).contains(n))?;
                    major = Some(n as u32);
                }
                _ => return None,
            }
        }
        Some(Device {
            class: class?,
            browser: browser?,
            major,
        })
    }
}

/// The word lists are `|`-separated strings (see [`find_word`]): a table of `&str` costs
/// each word an address and a length in the wasm's data, which compress badly.
const BOT_WORDS: &str = "crawl|spider|slurp|headless|lighthouse|pagespeed|facebookexternalhit|\
    python-requests|python-urllib|curl/|wget/|phantomjs|go-http-client|httpclient";
const TABLET_WORDS: &str = "ipad|tablet|kindle|silk/|playbook";
const MOBILE_WORDS: &str = "mobi|iphone|ipod|android|windows phone|blackberry";
const DESKTOP_WORDS: &str = "windows nt|macintosh|mac os x|x11|linux|cros";
/// Browser families in precedence order (Edge and Opera also say "Chrome"), with version tokens.
const BROWSER_TOKENS: [(&str, &str); 6] = [
    ("edge", "edg/|edge/|edga/|edgios/"),
    ("opera", "opr/|opios/|opera/"),
    ("samsung", "samsungbrowser/"),
    ("firefox", "firefox/|fxios/"),
    ("chrome", "crios/|chrome/"),
    ("safari", "version/"),
];

/// Where the first of the `|`-separated `words` (in list order) found in `ua` ends.
fn find_word(ua: &str, words: &str) -> Option<usize> {
    let mut rest = words;
    loop {
        let (word, more) = crate::text::split_once_byte(rest, b'|').unwrap_or((rest, ""));
        if let Some(i) = find(ua, word) {
            return Some(i + word.len());
        }
        if more.is_empty() {
            return None;
        }
        rest = more;
    }
}

/// Coarsens a raw user-agent string.
///
/// ```
/// use tracksafe::minimize::coarsen_user_agent;
/// let d = coarsen_user_agent("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1");
/// assert_eq!((d.class, d.browser, d.major), ("mobile", "safari", Some(17)));
/// ```
pub fn coarsen_user_agent(ua: &str) -> Device {
    let mut cut = ua.len().min(MAX_UA);
    while !ua.is_char_boundary(cut) {
        cut -= 1;
    }
    // The searches below match ASCII letters in either case (`super::find`).
    let ua = &ua[..cut];
    if is_bot(ua) {
        return Device {
            class: "bot",
            browser: "other",
            major: None,
        };
    }
    let class = if find_word(ua, TABLET_WORDS).is_some()
        || (contains(ua, "android") && !contains(ua, "mobi"))
    {
        "tablet"
    } else if find_word(ua, MOBILE_WORDS).is_some() {
        "mobile"
    } else if find_word(ua, DESKTOP_WORDS).is_some() {
        "desktop"
    } else {
        "unknown"
    };
    let (browser, major) = browser(ua);
    Device {
        class,
        browser,
        major,
    }
}

fn is_bot(ua: &str) -> bool {
    if find_word(ua, BOT_WORDS).is_some() {
        return true;
    }
    // "Googlebot/2.1", "bingbot", "Slackbot-LinkExpanding", but not the phone brand "CUBOT".
    let mut from = 0;
    while let Some(i) = find_from(ua, "bot", from) {
        let after = ua.as_bytes().get(i + 3).copied();
        let cu = ua.as_bytes()[i.saturating_sub(2)..i].eq_ignore_ascii_case(b"cu");
        if !cu && !after.is_some_and(|c| c.is_ascii_alphabetic()) {
            return true;
        }
        from = i + 1;
    }
    false
}

fn browser(ua: &str) -> (&'static str, Option<u32>) {
    for &(name, tokens) in &BROWSER_TOKENS {
        if name == "safari" && !contains(ua, "safari/") {
            continue;
        }
        if let Some(end) = find_word(ua, tokens) {
            return (name, major(&ua[end..]));
        }
    }
    ("other", None)
}

fn major(rest: &str) -> Option<u32> {
    let mut n = 0u32;
    for &c in rest.as_bytes().iter().take(4) {
        if !c.is_ascii_digit() {
            break;
        }
        n = n * 10 + u32::from(c - b'0');
    }
    matches!(n, 1..=MAX_MAJOR).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(ua: &str) -> (&'static str, &'static str, Option<u32>) {
        let d = coarsen_user_agent(ua);
        (d.class, d.browser, d.major)
    }

    #[test]
    fn common_agents() {
        assert_eq!(d("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"), ("desktop", "chrome", Some(124)));
        assert_eq!(d("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51"), ("desktop", "edge", Some(124)));
        assert_eq!(d("Mozilla/5.0 (Macintosh; Intel Mac OS X 14.4; rv:125.0) Gecko/20100101 Firefox/125.0"), ("desktop", "firefox", Some(125)));
        assert_eq!(d("Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36"), ("mobile", "samsung", Some(24)));
        assert_eq!(d("Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1"), ("tablet", "chrome", Some(124)));
        assert_eq!(d("Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36"), ("tablet", "chrome", Some(123)));
        assert_eq!(d("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 OPR/109.0.0.0"), ("desktop", "opera", Some(109)));
    }

    #[test]
    fn bots_and_garbage() {
        assert_eq!(
            d("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"),
            ("bot", "other", None)
        );
        assert_eq!(d("curl/8.4.0"), ("bot", "other", None));
        assert_eq!(
            d("Mozilla/5.0 (Linux; Android 12; CUBOT X30) Mobile Safari/537.36").0,
            "mobile"
        );
        assert_eq!(d(""), ("unknown", "other", None));
        assert_eq!(
            d("jane@example.com 192.168.0.1"),
            ("unknown", "other", None)
        );
    }

    #[test]
    fn json_round_trip() {
        let dev = coarsen_user_agent(
            "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
        );
        assert_eq!(Device::from_json(&dev.to_json()), Some(dev));
        assert_eq!(
            Device::from_json(&crate::json::object([
                ("class", "phone".into()),
                ("browser", "chrome".into())
            ])),
            None
        );
    }
}
