//! Who is asking: password hashing, server-side sessions, CSRF tokens and the
//! `Viewer` extractor every handler uses.

pub mod csrf;
pub mod extract;
pub mod oidc;
pub mod password;
pub mod session;

pub use extract::{CsrfForm, CurrentUser, Viewer};

/// A fresh random token: 32 bytes from the OS, hex-encoded.
pub fn random_token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}
