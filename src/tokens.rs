//! Random tokens for keys, ids and links. A leaf: every layer may use it
//! (the model layer makes delivery keys, mail makes Message-IDs and signing
//! keys, auth makes sessions) without reaching up to `auth`.

/// A fresh random token: 32 bytes from the OS, hex-encoded.
pub fn random_token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}
