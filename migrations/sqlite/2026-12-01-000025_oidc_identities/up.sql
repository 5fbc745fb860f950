-- Single sign-on (web::oidc). Which account an OpenID provider's subject is:
-- one account per (issuer, subject), written when the member first logs in
-- through the provider (a new account, or an existing one they proved theirs).
CREATE TABLE oidc_identities (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    issuer TEXT NOT NULL,
    subject TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    last_login_at TIMESTAMP NOT NULL,
    UNIQUE (issuer, subject)
);
CREATE INDEX oidc_identities_user ON oidc_identities (user_id);

-- A login sent to the provider and not back yet: what the callback must find
-- again (state, nonce, PKCE verifier), bound to the browser that started it
-- (the hash of a random cookie). Looked up by the hash of the state and
-- deleted on first use, so a state works once, on any app server.
CREATE TABLE oidc_logins (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    state_hash TEXT NOT NULL UNIQUE,
    browser_hash TEXT NOT NULL,
    nonce TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    next_path TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX oidc_logins_expires ON oidc_logins (expires_at);

-- A verified identity with no account yet, waiting for the member's choice:
-- a username (the claimed one was taken or unusable), or the password of the
-- existing account with the same verified email. Found by the hash of a
-- random cookie; deleted when the account is made or linked.
CREATE TABLE oidc_signups (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    issuer TEXT NOT NULL,
    subject TEXT NOT NULL,
    email TEXT NOT NULL,
    email_verified BOOLEAN NOT NULL,
    username_claim TEXT NOT NULL,
    staff_claim BOOLEAN NOT NULL,
    link_user_id INTEGER REFERENCES users (id) ON DELETE CASCADE,
    next_path TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX oidc_signups_expires ON oidc_signups (expires_at);
