//! The platform's cryptographic RNG (`crypto.getRandomValues`), drawn only when called.

use crate::error::{Error, Result};

/// Fills `buf` from the platform RNG.
pub fn fill(buf: &mut [u8]) -> Result<()> {
    getrandom::fill(buf).map_err(|_| Error::RandomUnavailable)
}

/// A random number in `[0, 1)` (for retry jitter).
pub fn unit() -> f64 {
    let mut b = [0u8; 4];
    match fill(&mut b) {
        Ok(()) => f64::from(u32::from_le_bytes(b)) / 4_294_967_296.0,
        Err(_) => 0.5,
    }
}
