//! `redact_text` against every format the brief names, plus what must survive, and the
//! documented limits of the detectors.

use tracksafe::minimize::{coarsen_user_agent, redact_text};

fn r(s: &str) -> String {
    redact_text(s).into_owned()
}

#[test]
fn emails_in_every_encoding() {
    for (input, want) in [
        (
            "write to jane.doe@example.com today",
            "write to [email] today",
        ),
        ("J.Doe+shop@Example.COM", "[email]"),
        ("jane.doe%40example.com", "[email]"),
        ("j.doe%2Bshop%40example.com", "[email]"),
        ("email=jane%40example.com&x=1", "email=[email]&x=1"),
        ("jöhn.dœ@exämple.de", "[email]"),
        (
            "%6A%61%6E%65%40%65%78%61%6D%70%6C%65%2E%63%6F%6D",
            "[email]",
        ),
        ("mailto:KUNDE.MUELLER@T-ONLINE.DE", "mailto:[email]"),
    ] {
        assert_eq!(r(input), want, "{input}");
    }
}

#[test]
fn phones() {
    for (input, want) in [
        ("call +44 20 7946 0958", "call [phone]"),
        ("(555) 123-4567", "[phone]"),
        ("555-123-4567", "[phone]"),
        ("+1.555.123.4567", "[phone]"),
        ("020 7946 0958", "[phone]"),
        ("01 23 45 67 89", "[phone]"),
        ("tel: 555-1234", "tel: [phone]"),
        ("phone_number=5551234567", "phone_number=[phone]"),
        ("%2B44+20+7946+0958", "[phone]"),
    ] {
        assert_eq!(r(input), want, "{input}");
    }
}

#[test]
fn cards_ibans_ssns() {
    for (input, want) in [
        ("card 4111 1111 1111 1111", "card [card]"),
        ("4111-1111-1111-1111", "[card]"),
        ("amex 378282246310005.", "amex [card]."),
        ("IBAN DE89 3704 0044 0532 0130 00", "IBAN [iban]"),
        ("GB82WEST12345698765432", "[iban]"),
        ("ssn 123-45-6789", "ssn [ssn]"),
        ("123 45 6789", "[ssn]"),
    ] {
        assert_eq!(r(input), want, "{input}");
    }
}

#[test]
fn addresses_and_tokens() {
    let jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
    for (input, want) in [
        ("from 203.0.113.195", "from [ip]"),
        ("2001:db8:85a3::8a2e:370:7334", "[ip]"),
        ("[::1]:8080", "[[ip]]:8080"),
        (
            "Authorization: Bearer abc123DEF456ghi789",
            "Authorization: [token]",
        ),
        (&format!("token={jwt}"), "token=[token]"),
        ("key sk_live_4eC39HqLyjWDarjtT1zdp7dc", "key [token]"),
        ("AKIAIOSFODNN7EXAMPLE", "[token]"),
    ] {
        assert_eq!(r(input), want, "{input}");
    }
}

#[test]
fn placeholders_are_stable() {
    for s in [
        "[email] [phone] [card] [iban] [ssn] [ip] [token]",
        "[phone]/5500-0000-0000",
        "tel [phone] 42",
    ] {
        assert_eq!(r(s), s);
    }
    let once = r("jane@example.com (555) 123-4567 4111 1111 1111 1111 10.0.0.1");
    assert_eq!(r(&once), once);
}

#[test]
fn shop_strings_survive() {
    for s in [
        "Red shoes size 42",
        "SKU-2024-00017",
        "Order #1001",
        "10.5",
        "XL",
        "19.99",
        "1,299.00",
        "2024-05-01",
        "1999",
        "Pack of 12",
        "90210",
        "SW1A 1AA",
        "4006381333931",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    ] {
        assert_eq!(r(s), s);
    }
}

/// A replacement can make its neighbour a match (`055a3::8a0e:6` is an IPv6 address once the
/// phone number before it is `[phone]`): such a chain unfolds one link per pass, and one longer
/// than the passes allow fails closed as a whole.
#[test]
fn chains_unfold_or_fail_closed() {
    let chain = |links: usize| {
        format!(
            "x 0047040044 055{}",
            "a3::8a0e:6+(052352 0044 055".repeat(links)
        )
    };
    // Four links take nine passes, the most a text gets.
    assert_eq!(
        r(&chain(4)),
        format!("x [phone]{}", "[ip][phone]".repeat(4))
    );
    for links in [5, 12] {
        assert_eq!(r(&chain(links)), "[ip]", "{links} links");
    }
}

/// What the detectors deliberately do not catch; changing one of these is a design decision.
#[test]
fn documented_limits() {
    // Bare seven- and eight-digit local numbers need a label ("tel", "phone", …).
    assert_eq!(r("555-1234"), "555-1234");
    // A bare ten-digit North American number without separators or label looks like an id.
    assert_eq!(r("5551234567"), "5551234567");
    // Names and street addresses are not detected (use the schema: they have no property).
    assert_eq!(r("Jane Doe, 1 Main St"), "Jane Doe, 1 Main St");
    // Four-part dotted numbers are always taken as IPv4 addresses.
    assert_eq!(r("firmware 5.1.2.3"), "firmware [ip]");
}

#[test]
fn user_agents_keep_nothing_raw() {
    let d = coarsen_user_agent("Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/jane@example.com) Chrome/124.0.0.0 Mobile Safari/537.36");
    assert_eq!(
        (d.class, d.browser, d.major),
        ("mobile", "chrome", Some(124))
    );
}
