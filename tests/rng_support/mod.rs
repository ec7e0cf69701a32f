//! A deterministic stand-in for the platform RNG, shared by the tracker's integration tests.

use tracksafe::Result;

/// A counter RNG: every call gives different bytes, deterministically.
pub fn rng() -> impl FnMut(&mut [u8]) -> Result<()> {
    let mut n = 0u8;
    move |b: &mut [u8]| {
        n = n.wrapping_add(1);
        b.fill(n);
        Ok(())
    }
}
