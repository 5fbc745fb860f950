//! A message from its outbox row: the Tera templates in `templates/mail/`
//! (plain text and HTML, multipart), the site's address, and for mail a
//! member may stop, a one-click unsubscribe (RFC 8058) with a signed token.

use std::sync::Arc;

use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::Message;
use tera::{Context, Tera};

use super::{signing, Template};
use crate::i18n::Language;

pub struct Composer {
    templates: Arc<Tera>,
    /// The language of a message whose payload names none.
    default_language: Language,
    from: Mailbox,
    site_url: String,
    signing_keys: Arc<signing::SigningKeys>,
}

/// What the worker sends, and what it logs about it.
pub struct Composed {
    pub message: Message,
    pub subject: String,
    pub first_link: Option<String>,
}

/// What an outbox row holds that the message is made of.
pub struct Draft<'a> {
    pub template: &'a str,
    pub to: &'a str,
    pub user_id: Option<i64>,
    pub payload: &'a str,
    pub message_id: &'a str,
}

const LIST_UNSUBSCRIBE: HeaderName = HeaderName::new_from_ascii_str("List-Unsubscribe");
const LIST_UNSUBSCRIBE_POST: HeaderName = HeaderName::new_from_ascii_str("List-Unsubscribe-Post");
const CONTENT_LANGUAGE: HeaderName = HeaderName::new_from_ascii_str("Content-Language");

impl Composer {
    pub fn new(
        templates: Arc<Tera>,
        from: &str,
        site_url: String,
        signing_keys: Arc<signing::SigningKeys>,
        default_language: Language,
    ) -> anyhow::Result<Composer> {
        let from: Mailbox = from
            .parse()
            .map_err(|e| anyhow::anyhow!("FIXLOOP_MAIL_FROM ({from}) is not an address: {e}"))?;
        Ok(Composer {
            templates,
            default_language,
            from,
            site_url,
            signing_keys,
        })
    }

    /// The one-click unsubscribe address for this member and kind of mail.
    pub fn unsubscribe_url(&self, user_id: i64, kind: &str) -> String {
        format!(
            "{}/mail/unsubscribe?token={}",
            self.site_url,
            signing::unsubscribe_token(&self.signing_keys, user_id, kind, crate::model::now())
        )
    }

    /// Builds the message. An error means it can never be sent as written
    /// (unknown template, bad address): the row is marked failed.
    pub fn compose(&self, draft: &Draft) -> Result<Composed, String> {
        let template = Template::parse(draft.template)
            .ok_or_else(|| format!("no template {}", draft.template))?;
        let payload: serde_json::Value =
            serde_json::from_str(draft.payload).map_err(|e| format!("payload: {e}"))?;
        let mut context =
            Context::from_value(payload).map_err(|e| format!("payload is not an object: {e}"))?;
        context.insert("site_url", &self.site_url);
        // Written in the language the payload names (`enqueue`), else the
        // site's default: an older row, an account without a language.
        let language = context
            .get(super::LANGUAGE_FIELD)
            .and_then(|v| v.as_str())
            .and_then(Language::from_code)
            .unwrap_or(self.default_language);
        context.insert(super::LANGUAGE_FIELD, language.code());
        // Mail a member chose to receive names its kind; they can stop it.
        let unsubscribe = match (draft.user_id, context.get("unsubscribe_kind")) {
            (Some(user_id), Some(kind)) => kind
                .as_str()
                .map(|kind| self.unsubscribe_url(user_id, kind)),
            _ => None,
        };
        context.insert("unsubscribe_url", &unsubscribe);
        let name = template.name();
        let text = self
            .templates
            .render(&format!("mail/{name}.txt"), &context)
            .map_err(|e| format!("rendering mail/{name}.txt: {e:?}"))?;
        let html = self
            .templates
            .render(&format!("mail/{name}.html"), &context)
            .map_err(|e| format!("rendering mail/{name}.html: {e:?}"))?;
        let (subject, text) = split_subject(&text)
            .ok_or_else(|| format!("mail/{name}.txt does not start with 'Subject: '"))?;
        let to: Mailbox = draft
            .to
            .parse()
            .map_err(|e| format!("recipient {:?}: {e}", draft.to))?;
        let domain = self.from.email.domain().to_owned();
        let mut message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject.clone())
            .message_id(Some(format!("<{}@{domain}>", draft.message_id)))
            .multipart(MultiPart::alternative_plain_html(text.clone(), html))
            .map_err(|e| format!("building the message: {e}"))?;
        message.headers_mut().insert_raw(HeaderValue::new(
            CONTENT_LANGUAGE,
            language.code().to_owned(),
        ));
        if let Some(url) = &unsubscribe {
            let headers = message.headers_mut();
            headers.insert_raw(HeaderValue::new(LIST_UNSUBSCRIBE, format!("<{url}>")));
            headers.insert_raw(HeaderValue::new(
                LIST_UNSUBSCRIBE_POST,
                "List-Unsubscribe=One-Click".to_owned(),
            ));
        }
        Ok(Composed {
            message,
            subject,
            first_link: first_link(&text),
        })
    }
}

/// The text template's first line is the subject.
fn split_subject(text: &str) -> Option<(String, String)> {
    let (first, rest) = text.split_once('\n')?;
    let subject = first.strip_prefix("Subject: ")?.trim();
    (!subject.is_empty()).then(|| (subject.to_owned(), rest.trim_start_matches('\n').to_owned()))
}

fn first_link(text: &str) -> Option<String> {
    text.split_whitespace()
        .find(|word| word.starts_with("http://") || word.starts_with("https://"))
        .map(|word| word.trim_end_matches(['.', ',', ')', '>']).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_subject_is_the_first_line_and_the_first_link_is_found() {
        let (subject, body) =
            split_subject("Subject: Reset your password\n\nOpen https://x.test/reset?t=1.\n")
                .unwrap();
        assert_eq!(subject, "Reset your password");
        assert_eq!(
            first_link(&body).as_deref(),
            Some("https://x.test/reset?t=1")
        );
        assert!(split_subject("Reset\n\nbody").is_none());
        assert!(split_subject("Subject: \n\nbody").is_none());
    }
}

/// A composer with every template, for the rendering tests.
#[cfg(test)]
pub(crate) fn test_composer() -> Composer {
    let templates = std::sync::Arc::new(crate::render::build_templates().unwrap());
    Composer::new(
        templates,
        "Fixloop <forum@example.com>",
        "https://forum.example.com".into(),
        std::sync::Arc::new(super::signing::SigningKeys {
            current: b"key".to_vec(),
            previous: None,
        }),
        Language::En,
    )
    .unwrap()
}

#[cfg(test)]
mod notification_tests {
    use super::{test_composer, Draft};

    /// The notification templates render, with a subject, both parts, the
    /// thread's link and the unsubscribe headers, from the payloads their
    /// senders write.
    #[test]
    fn notification_mail_renders() {
        let composer = test_composer();
        let one = serde_json::json!({
            "username": "ada", "unsubscribe_kind": "answers", "kind_label": "Answers to my questions",
            "event": "new_reply", "actor": "bob", "what": "answered your question",
            "thread_title": "Fan <rattles>", "thread_path": "/t/5/fan-rattles", "path": "/p/9",
        });
        let digest = serde_json::json!({
            "username": "ada", "unsubscribe_kind": "digest", "count": 2, "more": 0,
            "lines": [
                {"kind_label": "Replies in threads I follow", "event": "new_reply", "actor": "bob",
                 "what": "replied in a thread you follow", "thread_title": "Fan <rattles>",
                 "path": "/p/9", "at": "2026-12-01T08:00:00"},
                {"kind_label": "“Did it get fixed?” reminders", "event": "solved_reminder", "actor": null,
                 "what": "Did one of these answers fix it?", "thread_title": "Hinge",
                 "path": "/t/6/hinge", "at": "2026-12-01T09:00:00"},
            ],
        });
        for (template, payload) in [
            ("notification", &one),
            ("solved_reminder", &one),
            ("digest", &digest),
        ] {
            let payload = payload.to_string();
            let composed = composer
                .compose(&Draft {
                    template,
                    to: "ada@example.com",
                    user_id: Some(1),
                    payload: &payload,
                    message_id: "m1",
                })
                .unwrap_or_else(|e| panic!("{template}: {e}"));
            let raw = String::from_utf8(composed.message.formatted()).unwrap();
            assert!(!composed.subject.is_empty(), "{template}");
            assert!(
                raw.contains(
                    "List-Unsubscribe: <https://forum.example.com/mail/unsubscribe?token="
                ),
                "{template}"
            );
            assert!(
                raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"),
                "{template}"
            );
            assert!(
                composed
                    .first_link
                    .unwrap()
                    .starts_with("https://forum.example.com/"),
                "{template}"
            );
        }
    }
}
