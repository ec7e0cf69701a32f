//! A set of 16-bit ids stored as a bitset that grows only to the largest id inserted.
//!
//! Invariant: memory is at most 8 KiB per set whatever the input, and `to_vec` is ascending
//! and duplicate-free.

/// A set of ids in `0..=65535`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdSet {
    words: Vec<u64>,
}

impl IdSet {
    /// An empty set.
    pub fn new() -> Self {
        IdSet { words: Vec::new() }
    }

    /// Adds one id.
    pub fn insert(&mut self, id: u16) {
        let w = usize::from(id) / 64;
        if self.words.len() <= w {
            self.words.resize(w + 1, 0);
        }
        self.words[w] |= 1 << (id % 64);
    }

    /// Adds every id in `start..=end` (nothing if `end < start`).
    pub fn insert_range(&mut self, start: u16, end: u16) {
        if end < start {
            return;
        }
        for id in start..=end {
            self.insert(id);
        }
    }

    /// Whether `id` is in the set.
    #[cfg(test)]
    pub fn contains(&self, id: u16) -> bool {
        self.words
            .get(usize::from(id) / 64)
            .is_some_and(|w| w >> (id % 64) & 1 == 1)
    }

    /// The ids in ascending order.
    pub fn to_vec(&self) -> Vec<u16> {
        let mut out = Vec::new();
        for (i, &w) in self.words.iter().enumerate() {
            let mut bits = w;
            while bits != 0 {
                let b = bits.trailing_zeros() as usize;
                out.push((i * 64 + b) as u16);
                bits &= bits - 1;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_and_order() {
        let mut s = IdSet::new();
        s.insert_range(65_530, 65_535);
        s.insert(3);
        s.insert(3);
        s.insert_range(10, 9);
        assert!(s.contains(65_535) && s.contains(3) && !s.contains(4));
        assert_eq!(
            s.to_vec(),
            vec![3, 65_530, 65_531, 65_532, 65_533, 65_534, 65_535]
        );
    }
}
