//! Single sign-on through an OpenID provider (the `openidconnect` crate):
//! the authorization code flow with PKCE, a state and a nonce, and the ID
//! token's signature, issuer, audience, expiry and nonce verified. The
//! provider's settings and keys are discovered from the issuer and kept a few
//! minutes. No database here: `forum::accounts::sso` keeps the login's secrets and
//! decides what a verified identity becomes.

use std::sync::RwLock;
use std::time::{Duration, Instant};

use base64::Engine as _;
use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreIdTokenClaims, CoreProviderMetadata,
};
use openidconnect::{
    AuthorizationCode, ClaimsVerificationError, ClientId, ClientSecret, CsrfToken,
    EndpointMaybeSet, EndpointNotSet, EndpointSet, IssuerUrl, Nonce, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, Scope, SignatureVerificationError, TokenResponse,
};

use crate::config::{Config, StaffClaim};

/// The path the provider sends members back to: register
/// `<FIXLOOP_BASE_URL>/auth/oidc/callback` at the provider.
pub const CALLBACK_PATH: &str = "/auth/oidc/callback";
/// How long the discovered settings and keys are used before asking again.
const METADATA_TTL: Duration = Duration::from_secs(300);
const HTTP_TIMEOUT: Duration = Duration::from_secs(10);

type Client = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// The configured provider.
pub struct Sso {
    pub issuer: String,
    pub name: String,
    client_id: String,
    client_secret: String,
    redirect_uri: String,
    staff_claim: Option<StaffClaim>,
    http: reqwest::Client,
    metadata: RwLock<Option<(Instant, CoreProviderMetadata)>>,
}

/// What the browser is sent to the provider with; the rest is kept by us.
pub struct Authorization {
    pub url: String,
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
}

/// Who the provider says logged in, from a verified ID token.
#[derive(Debug, Clone)]
pub struct Identity {
    pub issuer: String,
    pub subject: String,
    pub email: Option<String>,
    pub email_verified: bool,
    pub preferred_username: Option<String>,
    /// Whether the staff claim holds the staff value; None when no staff
    /// claim is configured (roles are then left alone).
    pub staff: Option<bool>,
}

/// Why a callback was refused. The member sees a short reason; the detail
/// is logged.
#[derive(Debug, thiserror::Error)]
pub enum SsoError {
    #[error("the provider could not be reached or answered badly: {0}")]
    Provider(String),
    #[error("the provider refused the login: {0}")]
    Refused(String),
    #[error("the ID token was not accepted: {0}")]
    Token(String),
}

impl Sso {
    /// The provider from the settings, or None when single sign-on is off.
    pub fn from_config(config: &Config) -> anyhow::Result<Option<Sso>> {
        let Some(issuer) = config
            .oidc_issuer
            .as_deref()
            .map(str::trim)
            .filter(|i| !i.is_empty())
        else {
            return Ok(None);
        };
        let (Some(client_id), Some(client_secret)) = (
            config.oidc_client_id.clone().filter(|c| !c.is_empty()),
            config.oidc_client_secret.clone().filter(|c| !c.is_empty()),
        ) else {
            anyhow::bail!(
                "FIXLOOP_OIDC_ISSUER is set: FIXLOOP_OIDC_CLIENT_ID and FIXLOOP_OIDC_CLIENT_SECRET are needed too"
            );
        };
        IssuerUrl::new(issuer.to_owned())
            .map_err(|e| anyhow::anyhow!("FIXLOOP_OIDC_ISSUER is not a URL: {e}"))?;
        let redirect_uri = format!("{}{CALLBACK_PATH}", config.public_url());
        RedirectUrl::new(redirect_uri.clone())?;
        // No redirects: a provider's answer is taken as it is (the crate's advice, against SSRF).
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(HTTP_TIMEOUT)
            .build()?;
        Ok(Some(Sso {
            issuer: issuer.to_owned(),
            name: config.oidc_name.clone(),
            client_id,
            client_secret,
            redirect_uri,
            staff_claim: config.oidc_staff_claim.clone(),
            http,
            metadata: RwLock::new(None),
        }))
    }

    async fn metadata(&self, refresh: bool) -> Result<CoreProviderMetadata, SsoError> {
        if !refresh {
            let kept = self.metadata.read().expect("metadata lock");
            if let Some((at, metadata)) = kept.as_ref() {
                if at.elapsed() < METADATA_TTL {
                    return Ok(metadata.clone());
                }
            }
        }
        let issuer =
            IssuerUrl::new(self.issuer.clone()).map_err(|e| SsoError::Provider(e.to_string()))?;
        let metadata = CoreProviderMetadata::discover_async(issuer, &self.http)
            .await
            .map_err(|e| SsoError::Provider(format!("discovery: {e}")))?;
        *self.metadata.write().expect("metadata lock") = Some((Instant::now(), metadata.clone()));
        Ok(metadata)
    }

    async fn client(&self, refresh: bool) -> Result<Client, SsoError> {
        let metadata = self.metadata(refresh).await?;
        let redirect = RedirectUrl::new(self.redirect_uri.clone())
            .map_err(|e| SsoError::Provider(e.to_string()))?;
        Ok(CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(self.client_id.clone()),
            Some(ClientSecret::new(self.client_secret.clone())),
        )
        .set_redirect_uri(redirect))
    }

    /// A new login: where to send the browser, and the secrets to keep.
    pub async fn authorize(&self) -> Result<Authorization, SsoError> {
        let client = self.client(false).await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state, nonce) = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scope(Scope::new("email".into()))
            .add_scope(Scope::new("profile".into()))
            .set_pkce_challenge(challenge)
            .url();
        Ok(Authorization {
            url: url.to_string(),
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
        })
    }

    /// Trades the code for tokens (with the PKCE verifier) and verifies the
    /// ID token against the provider's keys, our client id, the issuer, the
    /// clock and the login's nonce.
    pub async fn finish(
        &self,
        code: &str,
        pkce_verifier: &str,
        nonce: &str,
    ) -> Result<Identity, SsoError> {
        let client = self.client(false).await?;
        let response = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|e| SsoError::Provider(format!("no token endpoint: {e}")))?
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier.to_owned()))
            .request_async(&self.http)
            .await
            .map_err(|e| SsoError::Refused(format!("token request: {e:?}")))?;
        let id_token = response
            .id_token()
            .ok_or_else(|| SsoError::Token("the token response has no ID token".into()))?;
        let nonce = Nonce::new(nonce.to_owned());
        let fresh;
        let claims = match id_token.claims(&client.id_token_verifier(), &nonce) {
            Ok(claims) => claims.clone(),
            // The provider may have rotated its keys since we asked: once more with fresh ones.
            Err(ClaimsVerificationError::SignatureVerification(
                SignatureVerificationError::NoMatchingKey,
            )) => {
                fresh = self.client(true).await?;
                id_token
                    .claims(&fresh.id_token_verifier(), &nonce)
                    .map_err(|e| SsoError::Token(e.to_string()))?
                    .clone()
            }
            Err(e) => return Err(SsoError::Token(e.to_string())),
        };
        // The payload of the token just verified, for the one claim the
        // crate does not model (the configured staff claim).
        let staff = match &self.staff_claim {
            Some(rule) => Some(claim_holds(&verified_payload(&id_token.to_string())?, rule)),
            None => None,
        };
        Ok(identity(&claims, staff))
    }
}

fn identity(claims: &CoreIdTokenClaims, staff: Option<bool>) -> Identity {
    Identity {
        issuer: claims.issuer().as_str().to_owned(),
        subject: claims.subject().as_str().to_owned(),
        email: claims.email().map(|e| e.as_str().trim().to_lowercase()),
        email_verified: claims.email_verified().unwrap_or(false),
        preferred_username: claims.preferred_username().map(|u| u.as_str().to_owned()),
        staff,
    }
}

fn verified_payload(jwt: &str) -> Result<serde_json::Value, SsoError> {
    let payload = jwt
        .split('.')
        .nth(1)
        .ok_or_else(|| SsoError::Token("not a compact JWT".into()))?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|e| SsoError::Token(format!("payload: {e}")))?;
    serde_json::from_slice(&bytes).map_err(|e| SsoError::Token(format!("payload: {e}")))
}

/// A claim holds the value when it is that string, or a list containing it.
fn claim_holds(payload: &serde_json::Value, rule: &StaffClaim) -> bool {
    match payload.get(&rule.claim) {
        Some(serde_json::Value::String(s)) => *s == rule.value,
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .any(|i| i.as_str() == Some(rule.value.as_str())),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_staff_claim_matches_a_string_or_a_list_member_only() {
        let rule: StaffClaim = "groups=support-staff".parse().unwrap();
        let holds = |v: serde_json::Value| claim_holds(&v, &rule);
        assert!(holds(serde_json::json!({"groups": ["a", "support-staff"]})));
        assert!(holds(serde_json::json!({"groups": "support-staff"})));
        assert!(!holds(serde_json::json!({"groups": ["support-staff-old"]})));
        assert!(!holds(serde_json::json!({"groups": "Support-Staff"})));
        assert!(!holds(serde_json::json!({"roles": ["support-staff"]})));
        assert!(!holds(serde_json::json!({"groups": true})));
    }
}
