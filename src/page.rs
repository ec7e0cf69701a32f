//! The script tag's wasm face, without wasm-bindgen: a handful of numeric exports that the
//! hand-written glue (`pkg-template/src/page-*.js`) wraps into the same `Engine` class and
//! `hashIdentifyMember` function the npm entries get from wasm-bindgen. Both faces call the same
//! core (`crate::tracker::engine`, `crate::identify::hash_member`), so they answer alike; this
//! one saves the generated glue and shims on every page that loads the script tag. The lean wasm
//! is built with `tracker`, identify()'s hasher with `hasher`.
//!
//! Strings cross as UTF-8 in linear memory: the glue asks `ts_input` for room and writes the
//! call's text there; `ts_call` leaves its answer in an output buffer that the glue reads at
//! `ts_output`. The browser's functions come in as imports of the `ts` module (see `crate::host`);
//! their string answers are written into `ts_host`'s buffer.

use std::cell::RefCell;

use crate::error::{Error, Result};
#[cfg(feature = "tracker")]
use crate::{random, tracker::engine::Engine};

#[link(wasm_import_module = "ts")]
extern "C" {
    /// `text.toUpperCase()` / `text.toLowerCase()` of the UTF-8 at `ptr`; the answer's byte
    /// length, its bytes written at `ts_host`.
    fn case(ptr: *const u8, len: usize, upper: bool) -> usize;
    /// `Number(text)` of the UTF-8 at `ptr`.
    fn number(ptr: *const u8, len: usize) -> f64;
    /// `v.toExponential()`; the answer's byte length, written at `ts_host`.
    fn exponential(v: f64) -> usize;
    /// Whether `c` matches `\p{Alphabetic}` (or `\p{N}`, unless `alphabetic_only`).
    fn unicode(c: u32, alphabetic_only: bool) -> bool;
}

#[cfg(feature = "tracker")]
#[link(wasm_import_module = "ts")]
extern "C" {
    /// `crypto.getRandomValues` over `len` bytes at `ptr`; false when the page has no RNG.
    fn random(ptr: *mut u8, len: usize) -> bool;
}

thread_local! {
    /// The text of the next call, written by the glue.
    static INPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    /// The answer of the last call, read by the glue.
    static OUTPUT: RefCell<String> = const { RefCell::new(String::new()) };
    /// A host function's string answer.
    static HOST: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

#[cfg(feature = "tracker")]
thread_local! {
    /// The page's engines by handle (a page normally has one).
    static ENGINES: RefCell<Vec<Option<Engine>>> = const { RefCell::new(Vec::new()) };
}

/// `ts_call` answered `undefined`.
const NONE: i32 = -1;
/// The call failed with a `TypeError`; the output is `"<CODE> <message>"`.
const TYPE_ERROR: i32 = -2;
/// The call failed with a `RangeError`; the output is `"<CODE> <message>"`.
const RANGE_ERROR: i32 = -3;

/// Room for `len` bytes of the next call's text.
#[no_mangle]
pub extern "C" fn ts_input(len: usize) -> *mut u8 {
    INPUT.with(|input| {
        let mut input = input.borrow_mut();
        *input = vec![0; len];
        input.as_mut_ptr()
    })
}

/// Room for `len` bytes of a host function's answer (called by the glue's imports).
#[no_mangle]
pub extern "C" fn ts_host(len: usize) -> *mut u8 {
    HOST.with(|host| {
        let mut host = host.borrow_mut();
        *host = vec![0; len];
        host.as_mut_ptr()
    })
}

/// Where the last call's answer starts (its byte length is what the call returned).
#[no_mangle]
pub extern "C" fn ts_output() -> *const u8 {
    OUTPUT.with(|out| out.borrow().as_ptr())
}

/// The last answer's byte length (for an error, whose call returned its kind).
#[no_mangle]
pub extern "C" fn ts_output_len() -> usize {
    OUTPUT.with(|out| out.borrow().len())
}

/// A new engine for the options JSON in the input: its handle, or an error code.
#[cfg(feature = "tracker")]
#[no_mangle]
pub extern "C" fn ts_new(len: usize) -> i32 {
    install_host();
    let made = take_input(len).and_then(|text| Engine::new(&text));
    match made {
        Ok(engine) => ENGINES.with(|engines| {
            let mut engines = engines.borrow_mut();
            engines.push(Some(engine));
            (engines.len() - 1) as i32
        }),
        Err(err) => answer(Err(err)),
    }
}

/// Drops engine `handle`.
#[cfg(feature = "tracker")]
#[no_mangle]
pub extern "C" fn ts_free(handle: usize) {
    ENGINES.with(|engines| {
        if let Some(slot) = engines.borrow_mut().get_mut(handle) {
            *slot = None;
        }
    });
}

/// Runs method `op` of engine `handle` on the input's first `len` bytes and the numbers `a..d`
/// (see `call`). Returns the answer's byte length (its text at `ts_output`), `NONE`, or an error.
#[cfg(feature = "tracker")]
#[no_mangle]
pub extern "C" fn ts_call(
    handle: usize,
    op: u32,
    len: usize,
    a: f64,
    b: f64,
    c: f64,
    d: f64,
) -> i32 {
    let text = match take_input(len) {
        Ok(text) => text,
        Err(err) => return answer(Err(err)),
    };
    let result = ENGINES.with(|engines| {
        let mut engines = engines.borrow_mut();
        match engines.get_mut(handle).and_then(Option::as_mut) {
            Some(engine) => call(engine, op, &text, a, b, c, d),
            // A freed or unknown handle is the glue's bug: fail closed, as a trap would.
            None => Err(Error::InvalidArgument("no such engine".into())),
        }
    });
    answer(result)
}

/// One method of the runtime's `Engine`; the glue's `page-engine.js` numbers them alike.
#[cfg(feature = "tracker")]
/// `text` may hold two strings back to back, split at the byte offset the numbers give.
fn call(
    e: &mut Engine,
    op: u32,
    text: &str,
    a: f64,
    b: f64,
    c: f64,
    d: f64,
) -> Result<Option<String>> {
    let fill = &mut random::fill;
    Ok(Some(match op {
        0 => e.settings(),
        1 => e.track(text, a, fill)?,
        2 => e.identify_hashed(text)?,
        3 => e.identifiers(),
        // 4 was a manual `setConsent`: the runtime applies manual consent as a signal (5).
        5 => e.set_signals(text, a)?,
        6 => e.consent(),
        // `text` is the visitor cookie (`b` bytes, none when negative), then the session cookie
        // (none when `c` is negative).
        7 => {
            let (visitor, session) = split(text, b.max(0.0) as usize)?;
            let visitor = (b >= 0.0).then_some(visitor);
            let session = (c >= 0.0).then_some(session);
            e.restore_identity(visitor, session, a);
            return Ok(None);
        }
        8 => e.identity(a, fill)?,
        9 => return Ok(e.next_batch(a)),
        // `settle(id = b, status = c, retryAfter = a (NaN for none), attempt = d)`.
        10 => e.settle(
            b as u32,
            c as u16,
            (!a.is_nan()).then_some(a),
            d as u32,
            random::unit(),
        ),
        11 => e.forget(a),
        12 => e.queued(),
        13 => return Ok(e.persisted()),
        14 => crate::text::int(e.restore_queue(text, a) as i64),
        _ => return Err(Error::InvalidArgument("unknown engine method".into())),
    }))
}

/// `text` split at byte `at` (a char boundary the glue measured).
fn split(text: &str, at: usize) -> Result<(&str, &str)> {
    match (text.get(..at), text.get(at..)) {
        (Some(first), Some(rest)) => Ok((first, rest)),
        _ => Err(Error::InvalidArgument("split outside the text".into())),
    }
}

/// Normalizes and hashes one member of an `identify({ … })` object (`crate::identify::hash_member`).
/// The input holds the key (`key_len` bytes), the profile name (`profile_len` bytes), then the
/// value's text when `kind` is 0; `kind` 1 is the number `number`, 2 `null`/`undefined`, 3 any
/// other value. Answers `"<field>:<hex digest>"`, `NONE` for an absent value, or the coded error
/// (none quotes the value).
#[cfg(feature = "hasher")]
#[no_mangle]
pub extern "C" fn ts_hash_member(
    len: usize,
    key_len: usize,
    profile_len: usize,
    kind: u32,
    number: f64,
) -> i32 {
    use crate::hashing::Profile;
    use crate::identify::{hash_member, MemberValue};
    install_host();
    let result = take_input(len).and_then(|text| {
        let (key, rest) = split(&text, key_len)?;
        let (profile, value) = split(rest, profile_len)?;
        let profile = Profile::parse(profile)?;
        let member = match kind {
            0 => MemberValue::Text(value),
            1 => MemberValue::Number(number),
            2 => MemberValue::Absent,
            _ => MemberValue::Other,
        };
        Ok(hash_member(key, member, profile)?
            .map(|(field, digest)| crate::text::join(&[field, &digest], ":")))
    });
    answer(result)
}

/// The input's first `len` bytes as text (the glue writes them with `TextEncoder`, so they are
/// UTF-8; anything else is refused, never read).
fn take_input(len: usize) -> Result<String> {
    let mut bytes = INPUT.with(|input| std::mem::take(&mut *input.borrow_mut()));
    bytes.truncate(len);
    crate::text::string_from_utf8(bytes)
        .map_err(|_| Error::InvalidArgument("text is not UTF-8".into()))
}

/// Keeps a call's answer for the glue and returns what `ts_call` returns.
fn answer(result: Result<Option<String>>) -> i32 {
    let (status, text) = match result {
        Ok(Some(text)) => (text.len() as i32, text),
        Ok(None) => (NONE, String::new()),
        Err(err) => {
            let status = if err.is_type_error() {
                TYPE_ERROR
            } else {
                RANGE_ERROR
            };
            (
                status,
                crate::text::join(&[err.code(), &err.message()], " "),
            )
        }
    };
    OUTPUT.with(|out| *out.borrow_mut() = text);
    status
}

/// Fills `buf` from the page's `crypto.getRandomValues` (for `crate::random`); false when the
/// page has no RNG.
#[cfg(feature = "tracker")]
pub fn fill_random(buf: &mut [u8]) -> bool {
    // SAFETY: the import writes exactly `buf.len()` bytes at `buf`.
    unsafe { random(buf.as_mut_ptr(), buf.len()) }
}

/// A host function's string answer of `len` bytes, taken from `ts_host`'s buffer.
fn host_text(len: usize) -> String {
    let mut bytes = HOST.with(|host| std::mem::take(&mut *host.borrow_mut()));
    bytes.truncate(len);
    // The glue encodes a JS string with `TextEncoder`: always UTF-8. Anything else traps, which
    // turns tracking off (fail closed), rather than redact or hash a wrong text.
    crate::text::string_from_utf8(bytes).unwrap_or_else(|_| unreachable!("host text is not UTF-8"))
}

/// Hands the core the browser's functions (idempotent; before any engine exists).
fn install_host() {
    crate::host::install(crate::host::Host {
        // SAFETY (all four): the imports read exactly the bytes they are given and write their
        // answers only through `ts_host`.
        case: |s, upper| host_text(unsafe { case(s.as_ptr(), s.len(), upper) }),
        number: |s| unsafe { number(s.as_ptr(), s.len()) },
        exponential: |v| host_text(unsafe { exponential(v) }),
        unicode: |c, alphabetic_only| unsafe { unicode(c.into(), alphabetic_only) },
    });
}
