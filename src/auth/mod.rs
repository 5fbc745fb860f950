//! Who is asking: password hashing, server-side sessions, CSRF tokens and the
//! `Viewer` extractor every handler uses.

pub mod csrf;
pub mod extract;
pub mod oidc;
pub mod password;
pub mod session;

pub use extract::{CsrfForm, CurrentUser, Viewer};

/// Kept here for auth's own callers; the function lives in a leaf so the
/// layers below auth (model, mail) can make tokens too.
pub use crate::tokens::random_token;
