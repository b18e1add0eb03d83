//! The lab's cryptography, all from RustCrypto: Ed25519 key pairs (ed25519-dalek) made from 32-byte seeds, and
//! SHA-256 digests (sha2). Keys are derived from the one seed the page gives (SHA-256 of the seed and the key's
//! label), so the model stays deterministic and a saved lab rebuilds the same keys.

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use sha2::{Digest, Sha256};

/// The SHA-256 digest of `bytes`.
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    let digest = Sha256::digest(bytes);
    let mut out = [0u8; 32];
    out.copy_from_slice(digest.as_slice());
    out
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The bytes of lower-case or upper-case hex; `None` when it is not hex of the expected length.
pub fn from_hex<const N: usize>(text: &str) -> Option<[u8; N]> {
    let text = text.trim();
    if text.len() != 2 * N || !text.is_ascii() {
        return None;
    }
    let mut out = [0u8; N];
    for (index, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * index..2 * index + 2], 16).ok()?;
    }
    Some(out)
}

/// The seed of the key named `label`, derived from the lab's seed.
pub fn derive_seed(seed: &[u8; 32], label: &str) -> [u8; 32] {
    let mut input = seed.to_vec();
    input.extend_from_slice(label.as_bytes());
    sha256(&input)
}

/// An Ed25519 key pair.
#[derive(Clone)]
pub struct KeyPair {
    signing: SigningKey,
}

impl KeyPair {
    /// The key pair of a 32-byte seed.
    pub fn from_seed(seed: &[u8; 32]) -> Self {
        KeyPair { signing: SigningKey::from_bytes(seed) }
    }

    /// The public key, as hex.
    pub fn public_hex(&self) -> String {
        hex(&self.signing.verifying_key().to_bytes())
    }

    /// The signature of `message`, as hex.
    pub fn sign_hex(&self, message: &[u8]) -> String {
        hex(&self.signing.sign(message).to_bytes())
    }
}

impl std::fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "KeyPair({})", self.public_hex())
    }
}

/// Whether `signature_hex` is a valid Ed25519 signature of `message` by `public_hex` (any malformed part: no).
pub fn verify_hex(public_hex: &str, message: &[u8], signature_hex: &str) -> bool {
    let (Some(public), Some(signature)) = (from_hex::<32>(public_hex), from_hex::<64>(signature_hex)) else {
        return false;
    };
    let Ok(key) = VerifyingKey::from_bytes(&public) else { return false };
    key.verify(message, &Signature::from_bytes(&signature)).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_abc_is_the_fips_180_example() {
        assert_eq!(hex(&sha256(b"abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn a_signature_verifies_only_for_its_message_and_key() {
        let seed = [7u8; 32];
        let vendor = KeyPair::from_seed(&derive_seed(&seed, "signing-1"));
        let other = KeyPair::from_seed(&derive_seed(&seed, "signing-2"));
        let signature = vendor.sign_hex(b"manifest");
        assert!(verify_hex(&vendor.public_hex(), b"manifest", &signature));
        assert!(!verify_hex(&vendor.public_hex(), b"manifesT", &signature));
        assert!(!verify_hex(&other.public_hex(), b"manifest", &signature));
        assert!(!verify_hex(&vendor.public_hex(), b"manifest", "zz"));
        assert_eq!(from_hex::<2>("0aFf"), Some([0x0a, 0xff]));
        assert_eq!(from_hex::<2>("0a"), None);
    }

    #[test]
    fn rfc_8032_test_vector_1() {
        let seed = from_hex::<32>("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60").expect("hex");
        let key = KeyPair::from_seed(&seed);
        assert_eq!(key.public_hex(), "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        assert_eq!(
            key.sign_hex(b""),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        );
    }
}
