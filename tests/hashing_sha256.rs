//! SHA-256 and HMAC-SHA-256 against `node:crypto` on random inputs, plus the NIST and RFC 4231
//! vectors, which are themselves re-checked against `node:crypto` before being trusted.

use std::io::Write;
use std::process::{Command, Stdio};
use tracksafe::hashing::{hex, hmac_sha256_hex, pseudonymize, sha256_hex, Sha256};

/// (key, message, SHA-256 of message, HMAC-SHA-256 of message under key): NIST FIPS 180-2
/// examples and RFC 4231 test cases 1–4, 6, 7.
fn vectors() -> Vec<(Vec<u8>, Vec<u8>, &'static str, &'static str)> {
    let range: Vec<u8> = (1..=25).collect();
    vec![
        (b"".to_vec(), b"".to_vec(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", ""),
        (b"".to_vec(), b"abc".to_vec(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ""),
        (
            b"".to_vec(),
            b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".to_vec(),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
            "",
        ),
        (vec![0x0b; 20], b"Hi There".to_vec(), "", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        (
            b"Jefe".to_vec(),
            b"what do ya want for nothing?".to_vec(),
            "",
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        ),
        (vec![0xaa; 20], vec![0xdd; 50], "", "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        (range, vec![0xcd; 50], "", "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        (
            vec![0xaa; 131],
            b"Test Using Larger Than Block-Size Key - Hash Key First".to_vec(),
            "",
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
        ),
        (
            vec![0xaa; 131],
            b"This is a test using a larger than block-size key and a larger than block-size data. \
The key needs to be hashed before being used by the HMAC algorithm."
                .to_vec(),
            "",
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
        ),
    ]
}

/// Deterministic random (key, message) pairs around the block boundaries.
fn random_inputs() -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut bytes = |n: usize| (0..n).map(|_| next() as u8).collect::<Vec<u8>>();
    let lengths = [
        0, 1, 3, 31, 32, 55, 56, 57, 63, 64, 65, 100, 119, 120, 127, 128, 129, 131, 200, 1000,
    ];
    let mut out = Vec::new();
    for (i, &len) in lengths.iter().enumerate() {
        for j in 0..5 {
            let key_len = lengths[(i + j * 7) % lengths.len()];
            out.push((bytes(key_len), bytes(len)));
        }
    }
    out
}

/// `node:crypto`'s SHA-256 and HMAC-SHA-256 of each (key, message), or `None` without node.
fn node_crypto(inputs: &[(Vec<u8>, Vec<u8>)]) -> Option<Vec<(String, String)>> {
    const SCRIPT: &str = "const c=require('node:crypto');let s='';process.stdin.on('data',d=>s+=d)\
.on('end',()=>{for(const l of s.split('\\n')){if(!l)continue;const[k,m]=l.split(' ')\
.map(x=>Buffer.from(x,'hex'));console.log(c.createHash('sha256').update(m).digest('hex')+' '+\
c.createHmac('sha256',k).update(m).digest('hex'))}})";
    let mut child = match Command::new("node")
        .args(["-e", SCRIPT])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) => {
            println!("skipped: node not found ({e})");
            return None;
        }
    };
    let mut stdin = child.stdin.take().expect("stdin");
    for (k, m) in inputs {
        writeln!(stdin, "{} {}", hex(k), hex(m)).expect("write to node");
    }
    drop(stdin);
    let out = child.wait_with_output().expect("node ran");
    assert!(out.status.success(), "node failed: {out:?}");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let rows: Vec<(String, String)> = text
        .lines()
        .map(|l| {
            let (h, m) = l.split_once(' ').expect("two columns");
            (h.to_owned(), m.to_owned())
        })
        .collect();
    assert_eq!(rows.len(), inputs.len(), "node answered every line");
    Some(rows)
}

#[test]
fn agrees_with_node_crypto_on_random_inputs() {
    let inputs = random_inputs();
    let Some(expected) = node_crypto(&inputs) else {
        return;
    };
    for ((k, m), (sha, mac)) in inputs.iter().zip(&expected) {
        assert_eq!(&sha256_hex(m), sha, "sha256 of {} bytes", m.len());
        assert_eq!(
            &hmac_sha256_hex(k, m),
            mac,
            "hmac key {} msg {}",
            k.len(),
            m.len()
        );
    }
    println!("compared {} random inputs with node:crypto", inputs.len());
}

#[test]
fn published_vectors_hold_and_node_confirms_them() {
    let vectors = vectors();
    let inputs: Vec<_> = vectors
        .iter()
        .map(|(k, m, _, _)| (k.clone(), m.clone()))
        .collect();
    let confirmed = node_crypto(&inputs);
    for (i, (k, m, sha, mac)) in vectors.iter().enumerate() {
        if let Some(rows) = &confirmed {
            if !sha.is_empty() {
                assert_eq!(
                    &rows[i].0, sha,
                    "node disagrees with the literal SHA-256 vector {i}"
                );
            }
            if !mac.is_empty() {
                assert_eq!(
                    &rows[i].1, mac,
                    "node disagrees with the literal RFC 4231 vector {i}"
                );
            }
        }
        if !sha.is_empty() {
            assert_eq!(&sha256_hex(m), sha, "vector {i}");
        }
        if !mac.is_empty() {
            assert_eq!(&hmac_sha256_hex(k, m), mac, "vector {i}");
        }
    }
}

#[test]
fn streaming_matches_one_shot_and_pseudonymize_is_hmac_hex() {
    let data = vec![0x5a; 1000];
    let mut h = Sha256::new();
    for chunk in data.chunks(7) {
        h.update(chunk);
    }
    assert_eq!(hex(&h.finalize()), sha256_hex(&data));
    let p = pseudonymize("someone", b"edge secret");
    assert_eq!(p, hmac_sha256_hex(b"edge secret", b"someone"));
    assert_eq!(p.len(), 64);
    assert!(p
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
}
