//! The shortest decimal that reads back as the same `f64`, nearest of those when several have
//! that length — the digits Rust's `{}` and `{:e}` print — without core's `flt2dec` (Grisu,
//! Dragon and their tables, about 20 KB of the page's wasm). Exact: the float's full decimal
//! expansion is rounded to 1, 2, … digits until the rounding stays within half the gap to the
//! neighbouring float (so it reads back as the float).

use super::number::{decode, Big};

/// For a finite `v > 0`: digits `d1 d2 …` (no trailing zero) and `e` with
/// `v ≈ d1.d2… × 10^e`.
pub(super) fn shortest(v: f64) -> (Vec<u8>, i64) {
    if let Some(found) = few_decimals(v) {
        return found;
    }
    let (m, k) = decode(v.to_bits());
    // In units of 10^s, v and its half-gaps to the neighbouring floats are integers:
    // v = m·2^(k-s)·5^-s, gap up = 2^(k-1-s)·5^-s, gap down the same or half of it (when v
    // is a power of two above the subnormals, the float below is nearer).
    let s = (k - 2).min(0);
    let five = s.unsigned_abs();
    let exact = |mant: u64, twos: i64| {
        let mut b = Big::default();
        b.add_small(1);
        b.mul_u64(mant);
        b.mul_pow5(five);
        b.shl(twos.unsigned_abs());
        b.into_digits()
    };
    let all = exact(m, k - s);
    let up = exact(1, k - 1 - s);
    let down = if m == 1 << 52 && k > -1074 {
        exact(1, k - 2 - s)
    } else {
        up.clone()
    };
    let e = all.len() as i64 - 1 + s;
    let even = m % 2 == 0;
    for p in 1..all.len() {
        let tail = &all[p..];
        if tail.iter().all(|&d| d == 0) {
            return (trimmed(all[..p].to_vec()), e);
        }
        // Nearer of the two p-digit candidates: up when the tail is at least half a unit.
        let (dist, half) = if tail[0] >= 5 {
            (complement(tail), &up)
        } else {
            (tail.to_vec(), &down)
        };
        let fits = match cmp_digits(&dist, half) {
            core::cmp::Ordering::Less => true,
            core::cmp::Ordering::Equal => even,
            core::cmp::Ordering::Greater => false,
        };
        if fits {
            let digits = all[..p].to_vec();
            if tail[0] >= 5 {
                return round_up(digits, e);
            }
            return (trimmed(digits), e);
        }
    }
    (trimmed(all), e)
}

/// 10^len − tail, as `len` digits, for a non-zero tail: trailing zeros stay, the lowest
/// non-zero digit d becomes 10 − d and every digit above it 9 − d.
fn complement(tail: &[u8]) -> Vec<u8> {
    let mut out = tail.to_vec();
    if let Some(low) = out.iter().rposition(|&d| d != 0) {
        out[low] = 10 - out[low];
        for d in &mut out[..low] {
            *d = 9 - *d;
        }
    }
    out
}

/// Compares two digit strings as numbers (leading zeros allowed).
fn cmp_digits(a: &[u8], b: &[u8]) -> core::cmp::Ordering {
    let strip = |x: &[u8]| x.iter().position(|&d| d != 0).map_or(0, |i| x.len() - i);
    let (la, lb) = (strip(a), strip(b));
    la.cmp(&lb)
        .then_with(|| a[a.len() - la..].cmp(&b[b.len() - lb..]))
}

/// `digits` + one unit in the last place, with the exponent bumped if it carries out.
fn round_up(mut digits: Vec<u8>, e: i64) -> (Vec<u8>, i64) {
    for d in digits.iter_mut().rev() {
        if *d == 9 {
            *d = 0;
        } else {
            *d += 1;
            return (trimmed(digits), e);
        }
    }
    digits.insert(0, 1);
    digits.pop();
    (trimmed(digits), e + 1)
}

/// The everyday case (a price, a ratio): the fewest decimals `k` for which an integer `c` has
/// `c / 10^k` reading back as `v`. With `c` and `10^k` exact in a float that quotient is the
/// correctly rounded one, i.e. what parsing the text gives. Fewest decimals means fewest digits;
/// any integer that works lies within 1 of `v·10^k`, so within 2 of its rounded float product,
/// and when two work the exact path picks the nearer. `None` when the fast path cannot decide.
fn few_decimals(v: f64) -> Option<(Vec<u8>, i64)> {
    const POW10: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    const LIMIT: f64 = 9_007_199_254_740_990.0; // 2^53 − 2: every window value is exact
    for (k, &p) in POW10.iter().enumerate() {
        let scaled = (v * p).round();
        if scaled > LIMIT {
            return None;
        }
        let mut hit = None;
        for c in [
            scaled - 2.0,
            scaled - 1.0,
            scaled,
            scaled + 1.0,
            scaled + 2.0,
        ] {
            if c > 0.0 && c / p == v {
                if hit.is_some() {
                    return None;
                }
                hit = Some(c as u64);
            }
        }
        if let Some(c) = hit {
            let mut digits = Vec::new();
            let mut c = c;
            while c > 0 {
                digits.push((c % 10) as u8);
                c /= 10;
            }
            digits.reverse();
            let e = digits.len() as i64 - 1 - k as i64;
            return Some((trimmed(digits), e));
        }
    }
    None
}

fn trimmed(mut digits: Vec<u8>) -> Vec<u8> {
    while digits.len() > 1 && digits.last() == Some(&0) {
        digits.pop();
    }
    digits
}

#[cfg(test)]
mod tests {
    use super::shortest;

    fn sci(v: f64) -> String {
        let (d, e) = shortest(v);
        let d: String = d.iter().map(|&c| char::from(b'0' + c)).collect();
        if d.len() == 1 {
            format!("{d}e{e}")
        } else {
            format!("{}.{}e{e}", &d[..1], &d[1..])
        }
    }

    #[test]
    fn matches_std_lower_exp_on_random_floats() {
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        for i in 0..30_000u64 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let v = match i % 3 {
                0 => f64::from_bits(x & !(1 << 63)),
                // Prices and everyday decimals.
                1 => (x % 10_000_000) as f64 / [10.0, 100.0, 1000.0][(x >> 40) as usize % 3],
                _ => (x % 1_000_000_000) as f64 * 1e-9 * 10f64.powi((x >> 50) as i32 % 40 - 20),
            };
            if !v.is_finite() || v == 0.0 {
                continue;
            }
            assert_eq!(sci(v), format!("{v:e}"), "{v:?}");
        }
    }

    #[test]
    fn edges() {
        for v in [
            f64::MIN_POSITIVE,
            f64::MAX,
            5e-324,
            1e-6,
            0.1,
            0.3,
            0.1 + 0.2,
            19.99,
            4_503_599_627_370_495.5,
            9_007_199_254_740_993.0,
            1e23,
            123_456.789,
        ] {
            assert_eq!(sci(v), format!("{v:e}"), "{v:?}");
        }
    }
}
