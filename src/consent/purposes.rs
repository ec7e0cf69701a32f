//! The four purposes tracksafe gates on; the default is everything denied.

/// One thing a shop may want to do with a visitor's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Purpose {
    Analytics,
    Marketing,
    Preferences,
    SaleOfData,
}

impl Purpose {
    /// All purposes, in the order they are reported.
    pub const ALL: [Purpose; 4] = [
        Purpose::Analytics,
        Purpose::Marketing,
        Purpose::Preferences,
        Purpose::SaleOfData,
    ];

    /// The camelCase name used in options, payloads and the JS API.
    pub const fn name(self) -> &'static str {
        match self {
            Purpose::Analytics => "analytics",
            Purpose::Marketing => "marketing",
            Purpose::Preferences => "preferences",
            Purpose::SaleOfData => "saleOfData",
        }
    }

    /// Parses a camelCase purpose name.
    // A plain loop on purpose: the same code as `find` give or take a byte, but the page's
    // wasm compresses 36 B smaller with it (measured).
    #[allow(clippy::manual_find)]
    pub fn from_name(name: &str) -> Option<Purpose> {
        for &p in &Purpose::ALL {
            if p.name() == name {
                return Some(p);
            }
        }
        None
    }
}

/// A grant decision per purpose. `Default` is all denied (fail closed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Purposes {
    pub analytics: bool,
    pub marketing: bool,
    pub preferences: bool,
    pub sale_of_data: bool,
}

impl Purposes {
    /// Everything denied.
    pub const DENIED: Purposes = Purposes {
        analytics: false,
        marketing: false,
        preferences: false,
        sale_of_data: false,
    };

    /// Decisions from their values in `Purpose::ALL` order.
    pub const fn from_array(a: [bool; 4]) -> Purposes {
        let [analytics, marketing, preferences, sale_of_data] = a;
        Purposes {
            analytics,
            marketing,
            preferences,
            sale_of_data,
        }
    }

    /// Whether `purpose` is granted.
    pub const fn allows(&self, purpose: Purpose) -> bool {
        // An index in `Purpose::ALL` order, not a match per field (as `PurposeSignal::get`).
        [
            self.analytics,
            self.marketing,
            self.preferences,
            self.sale_of_data,
        ][purpose as usize]
    }

    /// Sets one purpose.
    pub fn set(&mut self, purpose: Purpose, granted: bool) {
        match purpose {
            Purpose::Analytics => self.analytics = granted,
            Purpose::Marketing => self.marketing = granted,
            Purpose::Preferences => self.preferences = granted,
            Purpose::SaleOfData => self.sale_of_data = granted,
        }
    }

    /// The most restrictive combination of two decisions (a purpose survives only if both grant it).
    pub const fn intersect(self, other: Purposes) -> Purposes {
        Purposes {
            analytics: self.analytics && other.analytics,
            marketing: self.marketing && other.marketing,
            preferences: self.preferences && other.preferences,
            sale_of_data: self.sale_of_data && other.sale_of_data,
        }
    }

    /// Whether every purpose in `self` is also granted in `other` (a downgrade check).
    pub const fn is_subset_of(&self, other: &Purposes) -> bool {
        (!self.analytics || other.analytics)
            && (!self.marketing || other.marketing)
            && (!self.preferences || other.preferences)
            && (!self.sale_of_data || other.sale_of_data)
    }
}

/// What one signal says about each purpose: `Some(granted)` where it speaks, `None` where it is
/// silent (a silent signal never grants).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct PurposeSignal {
    pub analytics: Option<bool>,
    pub marketing: Option<bool>,
    pub preferences: Option<bool>,
    pub sale_of_data: Option<bool>,
}

impl PurposeSignal {
    /// A signal that speaks to every purpose with the same answer.
    pub const fn all(granted: bool) -> PurposeSignal {
        PurposeSignal {
            analytics: Some(granted),
            marketing: Some(granted),
            preferences: Some(granted),
            sale_of_data: Some(granted),
        }
    }

    /// What the signal says about `purpose`.
    pub const fn get(&self, purpose: Purpose) -> Option<bool> {
        self.to_array()[purpose as usize]
    }

    /// A signal from its answers in `Purpose::ALL` order (built as an array: no `set` per field).
    pub const fn from_array(a: [Option<bool>; 4]) -> PurposeSignal {
        let [analytics, marketing, preferences, sale_of_data] = a;
        PurposeSignal {
            analytics,
            marketing,
            preferences,
            sale_of_data,
        }
    }

    /// The answers in `Purpose::ALL` order: `get` indexes it (an index, not a match per field,
    /// in the page's wasm).
    const fn to_array(self) -> [Option<bool>; 4] {
        [
            self.analytics,
            self.marketing,
            self.preferences,
            self.sale_of_data,
        ]
    }

    /// Sets what the signal says about `purpose`.
    pub fn set(&mut self, purpose: Purpose, value: Option<bool>) {
        match purpose {
            Purpose::Analytics => self.analytics = value,
            Purpose::Marketing => self.marketing = value,
            Purpose::Preferences => self.preferences = value,
            Purpose::SaleOfData => self.sale_of_data = value,
        }
    }

    /// Adds one more answer for `purpose`: the result grants only if every answer so far grants
    /// (a denial is never lifted).
    pub fn and(&mut self, purpose: Purpose, value: bool) {
        let now = match self.get(purpose) {
            Some(false) => false,
            _ => value,
        };
        self.set(purpose, Some(now));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_denied() {
        let p = Purposes::default();
        assert!(Purpose::ALL.iter().all(|&x| !p.allows(x)));
    }

    #[test]
    fn names_round_trip() {
        for p in Purpose::ALL {
            assert_eq!(Purpose::from_name(p.name()), Some(p));
        }
        assert_eq!(Purpose::from_name("Analytics"), None);
    }

    #[test]
    fn intersect_is_most_restrictive() {
        let a = Purposes {
            analytics: true,
            marketing: true,
            ..Purposes::DENIED
        };
        let b = Purposes {
            analytics: true,
            preferences: true,
            ..Purposes::DENIED
        };
        assert_eq!(
            a.intersect(b),
            Purposes {
                analytics: true,
                ..Purposes::DENIED
            }
        );
        assert!(Purposes {
            analytics: true,
            ..Purposes::DENIED
        }
        .is_subset_of(&a));
        assert!(!b.is_subset_of(&a));
    }
}
