//! The hashing API's contract beyond the oracle corpus: profile names, error codes, the
//! default-country table, and the invariant that no raw identifier comes back from a hash.

use tracksafe::hashing::{
    hash_email, hash_phone, is_supported_country, normalize_and_hash, normalize_email,
    normalize_phone, sha256_hex, to_e164, Profile,
};

const PROFILES: [Profile; 2] = [Profile::Meta, Profile::Google];

fn is_digest(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[test]
fn profiles_parse_by_exact_name_only() {
    assert_eq!(Profile::parse("meta"), Ok(Profile::Meta));
    assert_eq!(Profile::parse("google"), Ok(Profile::Google));
    for bad in ["Meta", "GOOGLE", "", "facebook", " meta"] {
        assert_eq!(
            Profile::parse(bad).unwrap_err().code(),
            "UNKNOWN_PROFILE",
            "{bad:?}"
        );
    }
    assert_eq!("google".parse::<Profile>(), Ok(Profile::Google));
    assert_eq!(Profile::Meta.name(), "meta");
}

#[test]
fn hashes_are_digests_of_the_normalized_value_never_the_raw_one() {
    let raws = [
        ("em", " Jane.Doe+News@GMail.com "),
        ("ph", "+1 (650) 555-1212"),
        ("fn", "  José "),
        ("ln", "O'Brien"),
        ("ct", "San Francisco"),
        ("st", "CA"),
        ("zp", "94025-1234"),
        ("country", "US"),
        ("external_id", "customer-42"),
    ];
    for profile in PROFILES {
        for (field, raw) in raws {
            let h = normalize_and_hash(field, raw, profile).unwrap();
            assert!(is_digest(&h), "{profile:?} {field}: {h}");
            assert!(!h.contains(raw.trim()), "{profile:?} {field}");
        }
        let email = normalize_email(raws[0].1, profile).unwrap();
        assert_eq!(
            hash_email(raws[0].1, profile).unwrap(),
            sha256_hex(email.as_bytes())
        );
        let phone = normalize_phone(raws[1].1, profile, None).unwrap();
        assert_eq!(
            hash_phone(raws[1].1, profile, None).unwrap(),
            sha256_hex(phone.as_bytes())
        );
    }
}

#[test]
fn profiles_differ_where_their_vendors_do() {
    let raw = " Jane.Doe+News@GMail.com ";
    assert_eq!(
        normalize_email(raw, Profile::Meta).unwrap(),
        "jane.doe+news@gmail.com"
    );
    assert_eq!(
        normalize_email(raw, Profile::Google).unwrap(),
        "janedoe@gmail.com"
    );
    assert_eq!(
        normalize_phone("+1 (650) 555-1212", Profile::Meta, None).unwrap(),
        "16505551212"
    );
    assert_eq!(
        normalize_phone("+1 (650) 555-1212", Profile::Google, None).unwrap(),
        "+16505551212"
    );
    // Meta's SDK passes an already-hashed value through; Google's refuses it as an email.
    let digest = sha256_hex(b"jane@example.com");
    assert_eq!(
        hash_email(&digest.to_uppercase(), Profile::Meta).unwrap(),
        digest
    );
    assert_eq!(
        hash_email(&digest, Profile::Google).unwrap_err().code(),
        "INVALID_EMAIL"
    );
}

#[test]
fn refusals_carry_the_field_code() {
    for profile in PROFILES {
        assert_eq!(
            hash_email("not an email", profile).unwrap_err().code(),
            "INVALID_EMAIL"
        );
        assert_eq!(
            hash_phone("  ", profile, None).unwrap_err().code(),
            "INVALID_PHONE"
        );
        assert_eq!(
            normalize_and_hash("fn", " \t ", profile)
                .unwrap_err()
                .code(),
            "INVALID_FIELD"
        );
        assert_eq!(
            normalize_and_hash("country", "Narnia", profile)
                .unwrap_err()
                .code(),
            "INVALID_FIELD"
        );
        let unknown = normalize_and_hash("dob", "1990-01-01", profile).unwrap_err();
        assert_eq!(unknown.code(), "INVALID_ARGUMENT");
    }
}

#[test]
fn default_country_rewrites_national_numbers_only() {
    assert_eq!(to_e164("030 1234567", "DE").unwrap(), "+49301234567");
    assert_eq!(to_e164("0049 30 1234567", "de").unwrap(), "+49301234567");
    assert_eq!(to_e164("+49 (0)30 1234567", "FR").unwrap(), "+49301234567");
    assert_eq!(to_e164("(650) 555-1212", "US").unwrap(), "+16505551212");
    assert_eq!(to_e164("06 1234 5678", "IT").unwrap(), "+390612345678");
    assert_eq!(to_e164("8 495 123-45-67", "RU").unwrap(), "+74951234567");
    let meta = normalize_phone("030 1234567", Profile::Meta, Some("DE")).unwrap();
    assert_eq!(meta, "49301234567");
    let google = normalize_phone("030 1234567", Profile::Google, Some("DE")).unwrap();
    assert_eq!(google, "+49301234567");
    assert_eq!(to_e164("030 12", "DE").unwrap(), "+493012"); // parsed, not validated
    assert_eq!(to_e164("0", "DE").unwrap_err().code(), "INVALID_PHONE");
    assert_eq!(
        to_e164("+999 1234567", "DE").unwrap_err().code(),
        "INVALID_PHONE"
    );
    assert_eq!(
        to_e164("0800 FLOWERS", "GB").unwrap_err().code(),
        "INVALID_PHONE"
    );
    assert!(is_supported_country("gb") && !is_supported_country("BR"));
    let unsupported = hash_phone("11 91234 5678", Profile::Google, Some("BR")).unwrap_err();
    assert_eq!(unsupported.code(), "INVALID_OPTIONS");
}
