//! The platform's cryptographic RNG (`crypto.getRandomValues`) for the wasm builds that run in a
//! page or a worker, drawn only when called.
//!
//! Small draws (an event id is 16 bytes) come from a pool refilled 256 bytes at a time: each
//! refill is one crossing into JS, which cost more than the rest of `uuid_v4` per event in a
//! page. The pool is filled on first use, never at module init (Workers forbid random values in
//! global scope), and every byte handed out is wiped from it, so no value is given twice.

use std::cell::RefCell;

use crate::error::Result;

const POOL_BYTES: usize = 256;

struct Pool {
    bytes: [u8; POOL_BYTES],
    /// Bytes from `used` on are fresh; those before it were handed out and wiped.
    used: usize,
}

thread_local! {
    static POOL: RefCell<Pool> = const { RefCell::new(Pool { bytes: [0; POOL_BYTES], used: POOL_BYTES }) };
}

/// Fills `buf` from the platform RNG.
pub fn fill(buf: &mut [u8]) -> Result<()> {
    if filled(buf) {
        Ok(())
    } else {
        Err(crate::error::Error::RandomUnavailable)
    }
}

/// [`fill`] as a success flag: the only failure is `RandomUnavailable`, and a flag spares
/// `unit` and the pool an error to make, pass on and drop.
fn filled(buf: &mut [u8]) -> bool {
    if buf.len() > POOL_BYTES / 4 {
        return draw(buf);
    }
    POOL.with(|pool| {
        let mut pool = pool.borrow_mut();
        if POOL_BYTES - pool.used < buf.len() {
            // A failed refill may have left the pool half written: nothing in it is handed out.
            pool.used = POOL_BYTES;
            if !draw(&mut pool.bytes) {
                return false;
            }
            pool.used = 0;
        }
        let (from, to) = (pool.used, pool.used + buf.len());
        buf.copy_from_slice(&pool.bytes[from..to]);
        pool.bytes[from..to].fill(0);
        pool.used = to;
        true
    })
}

#[cfg(not(feature = "page-abi"))]
fn draw(buf: &mut [u8]) -> bool {
    getrandom::fill(buf).is_ok()
}

/// The script tag's build has no wasm-bindgen: its glue hands over `crypto.getRandomValues`.
#[cfg(feature = "page-abi")]
fn draw(buf: &mut [u8]) -> bool {
    crate::page::fill_random(buf)
}

/// A random number in `[0, 1)` (for retry jitter).
pub fn unit() -> f64 {
    let mut b = [0u8; 4];
    if filled(&mut b) {
        f64::from(u32::from_le_bytes(b)) / 4_294_967_296.0
    } else {
        0.5
    }
}
