//! Mail, durable like search: a message is a `mail_outbox` row written in the
//! same transaction as the event that causes it (`enqueue`), and a worker
//! (`outbox`) renders and sends it, retrying while the server refuses or is
//! down. Without `FIXLOOP_SMTP_URL` every message is written as an `.eml`
//! file under `<data dir>/mail/` instead, so a forum with no mail server can
//! still verify accounts and reset passwords.

pub mod compose;
pub mod outbox;
pub mod preferences;
pub mod signing;
pub mod transport;

use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::mail_outbox;
use crate::db::DbConn;
use crate::i18n::Language;

/// The payload's field naming the language a message is written in.
pub const LANGUAGE_FIELD: &str = "lang";

/// One message to send: which template, to whom, and what it says. The
/// payload holds only data (names, titles, site-relative paths); wording
/// lives in `templates/mail/`, the site's address is added when it is sent.
#[derive(Debug)]
pub struct Outgoing<'a, P: Serialize> {
    pub template: Template,
    pub to: &'a str,
    /// The member it is for, if it is for one (unsubscribe links, the
    /// "nothing to suspended accounts" rule, the data export).
    pub user_id: Option<i64>,
    pub payload: &'a P,
}

/// Every kind of message the forum sends; each has `templates/mail/<name>.txt`
/// (first line `Subject: …`) and `<name>.html`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Template {
    VerifyEmail,
    AccountExists,
    ResetPassword,
    ConfirmNewEmail,
    EmailChanged,
    PasswordChanged,
    Notification,
    Digest,
    SolvedReminder,
}

impl Template {
    pub const ALL: [Template; 9] = [
        Template::VerifyEmail,
        Template::AccountExists,
        Template::ResetPassword,
        Template::ConfirmNewEmail,
        Template::EmailChanged,
        Template::PasswordChanged,
        Template::Notification,
        Template::Digest,
        Template::SolvedReminder,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Template::VerifyEmail => "verify_email",
            Template::AccountExists => "account_exists",
            Template::ResetPassword => "reset_password",
            Template::ConfirmNewEmail => "confirm_new_email",
            Template::EmailChanged => "email_changed",
            Template::PasswordChanged => "password_changed",
            Template::Notification => "notification",
            Template::Digest => "digest",
            Template::SolvedReminder => "solved_reminder",
        }
    }

    pub fn parse(name: &str) -> Option<Template> {
        Template::ALL.into_iter().find(|t| t.name() == name)
    }
}

/// Writes the message into the outbox; call it inside the transaction of the
/// change that causes it, so both commit or neither does. It is written in
/// the recipient's language (their setting), else the site's default.
pub fn enqueue<P: Serialize>(conn: &mut DbConn, mail: &Outgoing<P>) -> QueryResult<i64> {
    enqueue_in(conn, mail, None)
}

/// `enqueue`, for mail asked for from a page (a sign-up, a reset): in the
/// recipient's language, else `asked_in` (the page's), else the site's
/// default. The language goes into the payload as `lang`; the worker
/// writes the message in it (`compose`).
pub fn enqueue_in<P: Serialize>(
    conn: &mut DbConn,
    mail: &Outgoing<P>,
    asked_in: Option<Language>,
) -> QueryResult<i64> {
    let now = crate::model::now();
    let own = match mail.user_id {
        Some(id) => crate::model::accounts::users::language(conn, id)
            .optional()?
            .flatten()
            .and_then(|code| Language::from_code(&code)),
        None => None,
    };
    let mut payload = serde_json::to_value(mail.payload)
        .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
    if let (Some(language), Some(fields)) = (own.or(asked_in), payload.as_object_mut()) {
        fields.insert(LANGUAGE_FIELD.into(), language.code().into());
    }
    let payload = payload.to_string();
    diesel::insert_into(mail_outbox::table)
        .values((
            mail_outbox::template.eq(mail.template.name()),
            mail_outbox::to_address.eq(mail.to),
            mail_outbox::user_id.eq(mail.user_id),
            mail_outbox::payload.eq(payload),
            // Fixed now: a message sent again after a crash is the same
            // message to every mail client (same Message-ID).
            mail_outbox::message_id.eq(crate::tokens::random_token()),
            mail_outbox::next_attempt_at.eq(now),
            mail_outbox::created_at.eq(now),
        ))
        .returning(mail_outbox::id)
        .get_result(conn)
}

/// Mails of one template queued for a member since `since` (limits how often
/// one account can be mailed about something others trigger).
pub fn count_queued_since(
    conn: &mut DbConn,
    user_id: i64,
    template: Template,
    since: chrono::NaiveDateTime,
) -> QueryResult<i64> {
    mail_outbox::table
        .filter(mail_outbox::user_id.eq(user_id))
        .filter(mail_outbox::template.eq(template.name()))
        .filter(mail_outbox::created_at.ge(since))
        .count()
        .get_result(conn)
}

#[cfg(test)]
mod tests {
    use super::compose::{test_composer, Draft};

    /// Every template renders, as text with a subject and as HTML, from the
    /// payload its sender writes.
    #[test]
    fn account_mail_renders_with_a_subject_and_both_parts() {
        let composer = test_composer();
        let payload = serde_json::json!({
            "username": "ada", "path": "/account/verify?token=abc", "hours": 48,
            "new_email": "new@example.com",
            "undo_path": "/account/undo-email?token=abc", "days": 7,
        })
        .to_string();
        for template in [
            "verify_email",
            "account_exists",
            "reset_password",
            "confirm_new_email",
            "email_changed",
            "password_changed",
        ] {
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
            assert!(raw.contains("Content-Type: text/plain"), "{template}");
            assert!(raw.contains("Content-Type: text/html"), "{template}");
            assert!(raw.contains("Message-ID: <m1@example.com>"), "{template}");
            assert!(composed
                .first_link
                .unwrap()
                .starts_with("https://forum.example.com/"));
            // Account mail is not something to unsubscribe from.
            assert!(!raw.contains("List-Unsubscribe"), "{template}");
        }
    }
}
