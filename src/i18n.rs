//! The languages Fixloop speaks and their words: Fluent messages in
//! `locales/<language>/*.ftl`, compiled into the binary. A leaf: it uses
//! nothing of ours, so every layer may ask it for words.
//!
//! Which language a reader gets is decided by the web layer
//! (`web::language`); this module only knows the languages, reads an
//! Accept-Language header and looks words up.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{static_loader, FluentLoader, LanguageIdentifier, Loader};
use serde::Serialize;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Unicode isolation marks around arguments would show up in
        // attributes, mails and tests; our arguments are names and numbers.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    En,
    Ko,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::En, Language::Ko];

    /// The BCP 47 code: `<html lang>`, Content-Language, the cookie.
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Ko => "ko",
        }
    }

    /// The language's name in itself, for the switch.
    pub fn own_name(self) -> &'static str {
        match self {
            Language::En => "English",
            Language::Ko => "한국어",
        }
    }

    /// "ko", "ko-KR", "KO_kr" → Korean; what we don't speak → None.
    pub fn from_code(code: &str) -> Option<Language> {
        let primary = code
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        Language::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// The language an Accept-Language header prefers among ours (highest
    /// q first, then the order given); None when it names none of them.
    pub fn from_accept_language(header: &str) -> Option<Language> {
        let mut ranked: Vec<(u16, usize, Language)> = header
            .split(',')
            .enumerate()
            .filter_map(|(position, item)| {
                let mut parts = item.split(';');
                let language = Language::from_code(parts.next()?)?;
                let quality = parts
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .map_or(Some(1000), |q| {
                        q.trim().parse::<f32>().ok().map(|q| (q * 1000.0) as u16)
                    })?;
                (quality > 0).then_some((quality, position, language))
            })
            .collect();
        ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        ranked.first().map(|(_, _, language)| *language)
    }

    fn id(self) -> LanguageIdentifier {
        self.code()
            .parse()
            .expect("our codes are valid identifiers")
    }
}

/// A message in `language` (the English one where it lacks it; the tests
/// make sure none does).
pub fn text(language: Language, key: &str) -> String {
    LOCALES.lookup(&language.id(), key)
}

/// A message with arguments: `count` picks the CLDR plural form.
pub fn text_with(language: Language, key: &str, args: &[(&str, FluentValue<'static>)]) -> String {
    let args: HashMap<Cow<'static, str>, FluentValue<'static>> = args
        .iter()
        .map(|(name, value)| (Cow::Owned((*name).to_owned()), value.clone()))
        .collect();
    LOCALES.lookup_with_args(&language.id(), key, &args)
}

/// Something to say to a person, named rather than written: a message key
/// and its arguments. The rules (`forum`) name it; the web layer says it in
/// the reader's language ([`Message::in_language`]) where the response is
/// made. `"err-…".into()` is a message without arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub key: Cow<'static, str>,
    pub args: Vec<(&'static str, Arg)>,
}

/// An argument of a [`Message`]: numbers stay numbers, so a message can pick
/// its plural form; a message (a status's name, say) is said in the same
/// language.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Text(String),
    Number(i64),
    Message(Box<Message>),
}

impl Message {
    pub fn new(key: impl Into<Cow<'static, str>>) -> Message {
        Message {
            key: key.into(),
            args: Vec::new(),
        }
    }

    /// The message with one more argument (`{ $name }` in the Fluent files).
    pub fn with(mut self, name: &'static str, value: impl Into<Arg>) -> Message {
        self.args.push((name, value.into()));
        self
    }

    /// The words in `language`.
    /// A date or moment (UTC) as the message `key` of `dates.ftl` says it,
    /// its parts as arguments so each language orders them: "13 Oct 2026" /
    /// "2026년 10월 13일".
    pub fn date(key: &'static str, at: chrono::NaiveDateTime) -> Message {
        use chrono::{Datelike, Timelike};
        let hour = at.hour();
        Message::new(key)
            .with("day", at.day().to_string())
            .with("month", at.month().to_string())
            .with(
                "month-name",
                Message::new(format!("date-month-{}", at.month())),
            )
            .with("year", at.year().to_string())
            .with("hour24", format!("{hour:02}"))
            .with("hour12", ((hour + 11) % 12 + 1).to_string())
            .with(
                "ampm",
                Message::new(if hour < 12 { "date-am" } else { "date-pm" }),
            )
            .with("minute", format!("{:02}", at.minute()))
    }

    pub fn in_language(&self, language: Language) -> String {
        if self.args.is_empty() {
            return text(language, &self.key);
        }
        let args: Vec<(&str, FluentValue<'static>)> = self
            .args
            .iter()
            .map(|(name, value)| {
                let value = match value {
                    Arg::Text(s) => FluentValue::from(s.clone()),
                    Arg::Number(n) => FluentValue::from(*n),
                    Arg::Message(m) => FluentValue::from(m.in_language(language)),
                };
                (*name, value)
            })
            .collect();
        text_with(language, &self.key, &args)
    }
}

impl From<&'static str> for Message {
    fn from(key: &'static str) -> Message {
        Message::new(key)
    }
}

impl From<Message> for Arg {
    fn from(m: Message) -> Arg {
        Arg::Message(Box::new(m))
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_owned())
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Text(s.clone())
    }
}

macro_rules! number_args {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Arg {
                Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }

        impl From<&$t> for Arg {
            fn from(n: &$t) -> Arg {
                Arg::from(*n)
            }
        }
    )*};
}
number_args!(i16, i32, i64, u8, u16, u32, u64, usize);

/// The templates' `t(key=…, lang=lang, …)` function.
/// Its arguments (names, titles: people's words) are HTML-escaped before
/// they go into the message, and the message itself is then not escaped
/// again: our own words reach the page as they were written in the
/// template before (an apostrophe stays an apostrophe), people's words
/// escaped as `{{ … }}` escapes them. A `date` argument (a day,
/// `2026-11-04`) is said as the language says days.
pub fn tera_function() -> impl tera::Function {
    Words {
        loader: FluentLoader::new(&*LOCALES).with_default_lang(Language::En.id()),
        escape: true,
    }
}

/// The plain-text mails' `text(key=…, lang=lang, …)`: the same words with
/// their arguments as they are (a text part is not HTML).
pub fn tera_text_function() -> impl tera::Function {
    Words {
        loader: FluentLoader::new(&*LOCALES).with_default_lang(Language::En.id()),
        escape: false,
    }
}

struct Words<F> {
    loader: F,
    escape: bool,
}

impl<F: tera::Function> tera::Function for Words<F> {
    fn call(&self, args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
        let language = args
            .get("lang")
            .and_then(tera::Value::as_str)
            .and_then(Language::from_code)
            .unwrap_or(Language::En);
        let args = args
            .iter()
            .map(|(name, value)| {
                let value = match value {
                    tera::Value::String(s) if name == "date" => tera::Value::String(match day(s) {
                        Some(at) => Message::date("date-day", at).in_language(language),
                        None => s.clone(),
                    }),
                    tera::Value::String(s) if self.escape && name != "key" && name != "lang" => {
                        tera::Value::String(tera::escape_html(s))
                    }
                    other => other.clone(),
                };
                (name.clone(), value)
            })
            .collect();
        self.loader.call(&args)
    }

    fn is_safe(&self) -> bool {
        self.escape
    }
}

/// A day as the database gives it to templates: `2026-11-04`, or a moment
/// `2026-11-04T09:30:00` (its day).
pub fn day(text: &str) -> Option<chrono::NaiveDateTime> {
    let date = text.get(..10)?;
    chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
}

/// Whether `language` has a message `key` of its own (not the fallback's).
pub fn has_message(language: Language, key: &str) -> bool {
    LOCALES
        .lookup_single_language::<String>(&language.id(), key, None)
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_preferred_language_we_speak() {
        assert_eq!(
            Language::from_accept_language("ko-KR,ko;q=0.9,en;q=0.8"),
            Some(Language::Ko)
        );
        assert_eq!(
            Language::from_accept_language("fr-FR, en;q=0.5, ko;q=0.7"),
            Some(Language::Ko)
        );
        assert_eq!(
            Language::from_accept_language("en-GB,ko;q=0.9"),
            Some(Language::En)
        );
        assert_eq!(Language::from_accept_language("ko;q=0, fr"), None);
        assert_eq!(Language::from_accept_language("de, ja"), None);
        assert_eq!(Language::from_accept_language(""), None);
    }

    #[test]
    fn plural_forms_follow_each_language() {
        let one = text_with(Language::En, "notifications-unread", &[("count", 1.into())]);
        let many = text_with(Language::En, "notifications-unread", &[("count", 3.into())]);
        assert_eq!(one, "Notifications, 1 unread");
        assert_eq!(many, "Notifications, 3 unread");
        let korean = text_with(Language::Ko, "notifications-unread", &[("count", 3.into())]);
        assert_eq!(korean, "알림, 읽지 않은 알림 3개");
    }

    #[test]
    fn a_day_is_said_as_each_language_says_it() {
        let at = day("2026-11-04").expect("a day");
        assert_eq!(
            Message::date("date-day", at).in_language(Language::En),
            "4 Nov 2026"
        );
        assert_eq!(
            Message::date("date-day", at).in_language(Language::Ko),
            "2026년 11월 4일"
        );
        assert!(day("soon").is_none());
    }
}
