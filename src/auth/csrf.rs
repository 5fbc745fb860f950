//! CSRF tokens. A logged-in member's token lives in their session row. A visitor
//! (login and register forms) gets a random token in a cookie that the form must
//! repeat (double submit): another site can neither read nor set it.

use actix_web::cookie::{Cookie, SameSite};

pub const CSRF_COOKIE: &str = "fixloop_csrf";
pub const FIELD: &str = "csrf_token";

pub fn visitor_cookie(token: &str, secure: bool) -> Cookie<'static> {
    Cookie::build(CSRF_COOKIE, token.to_owned())
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .finish()
}

/// A token we could have issued: 64 hex digits.
pub fn well_formed(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Compares in constant time, so the comparison leaks nothing about the token.
pub fn tokens_match(expected: &str, submitted: &str) -> bool {
    use subtle::ConstantTimeEq;
    !expected.is_empty() && bool::from(expected.as_bytes().ct_eq(submitted.as_bytes()))
}
