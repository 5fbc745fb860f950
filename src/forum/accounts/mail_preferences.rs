//! Notification mail, chosen by the member: the kinds of mail (one list,
//! with their labels and defaults), what each member chose for each (at once,
//! in the daily digest, or never), and the rules that send it: instant mail
//! and digest lines written with the notification that causes them, the
//! daily digest, the solved reminder, and one-click unsubscribe.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Duration, NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use serde::Serialize;

use crate::db::{write_tx, DbConn, DbPool};
use crate::error::{AppError, AppResult};
use crate::forum::Actor;
use crate::i18n::Message;
use crate::jobs::{app_error, blocking, Job, Schedule};
use crate::mail::preferences::{self as store, DigestItemRow, NewDigestItem, RecipientRow};
use crate::mail::{self, Outgoing, Template};
use crate::model::accounts::notifications::{self, About, Subject};
use crate::model::{accounts::users, discussion::threads};

/// When a member gets a kind of mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Instant,
    Digest,
    Never,
}

impl Mode {
    pub const ALL: [Mode; 3] = [Mode::Instant, Mode::Digest, Mode::Never];

    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Instant => "instant",
            Mode::Digest => "digest",
            Mode::Never => "never",
        }
    }

    pub fn parse(s: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

/// A kind of mail a member chooses for.
#[derive(Debug, Serialize)]
pub struct MailKind {
    pub name: &'static str,
    pub label: &'static str,
    pub description: &'static str,
    pub default: Mode,
    /// Shown and sent to staff only.
    pub staff_only: bool,
}

/// Every kind of notification mail, in the order the settings page shows
/// them. The before-service events of the next issue (maintenance due, a
/// known issue's status) get a row here and a line in `kind_of`.
pub const KINDS: &[MailKind] = &[
    MailKind {
        name: "answers",
        label: "Answers to my questions",
        description: "Someone replies in a thread you started.",
        default: Mode::Instant,
        staff_only: false,
    },
    MailKind {
        name: "solved_reminder",
        label: "“Did it get fixed?” reminders",
        description: "Once per question, a week after it got answers but no accepted solution.",
        default: Mode::Instant,
        staff_only: false,
    },
    MailKind {
        name: "followed_replies",
        label: "Replies in threads I follow",
        description: "Someone replies in a thread you follow or took part in.",
        default: Mode::Digest,
        staff_only: false,
    },
    MailKind {
        name: "my_answers",
        label: "My answers accepted or verified",
        description:
            "An asker accepts your answer as the solution, or staff verify your answer or guide.",
        default: Mode::Digest,
        staff_only: false,
    },
    MailKind {
        name: "escalations",
        label: "Staff picked up my request for help",
        description: "A staff member takes on a question you asked staff to help with.",
        default: Mode::Instant,
        staff_only: false,
    },
    MailKind {
        name: "staff_actions",
        label: "Staff acted on my behalf",
        description: "Staff marked a solution on your question for you.",
        default: Mode::Instant,
        staff_only: false,
    },
    MailKind {
        name: "private_messages",
        label: "Private messages about my request for help",
        description: "A new message on the private line of an escalated question (the mail says who wrote, never what).",
        default: Mode::Instant,
        staff_only: false,
    },
    MailKind {
        name: "firmware_reports",
        label: "Fixes that stopped working after a firmware update",
        description: "Members say an answer of yours (or, for staff, any answer) no longer works on the current firmware, or a solution of your question was un-marked because of it.",
        default: Mode::Instant,
        staff_only: false,
    },
    MailKind {
        name: "maintenance_due",
        label: "Maintenance due on my devices",
        description: "A maintenance task for a device in “My devices” falls due (once per due date).",
        default: Mode::Instant,
        staff_only: false,
    },
    MailKind {
        name: "known_issue_status",
        label: "Known issues that affect me",
        description: "The status of a known issue changes (a workaround, a fix) when you have the problem too, asked about it, or follow it; and new known issues for a device you own, if you asked for them on its page.",
        default: Mode::Instant,
        staff_only: false,
    },
    MailKind {
        name: "idea_status",
        label: "Ideas I proposed or voted for",
        description: "Staff move an idea you proposed, voted for or follow on (under review, planned, shipped or declined), with their note.",
        default: Mode::Instant,
        staff_only: false,
    },
    MailKind {
        name: "staff_queue",
        label: "Members asking staff for help",
        description: "A member asks staff for help on their question (it joins the staff queue).",
        default: Mode::Instant,
        staff_only: true,
    },
];

/// The unsubscribe "kind" of the daily digest itself: one click stops every
/// kind that was going to the digest.
pub const DIGEST: &str = "digest";

/// The notification kind of the solved reminder (in-app and mail).
pub const SOLVED_REMINDER: &str = "solved_reminder";

/// Notification lines of a digest beyond this are summed up ("and 12 more").
const MAX_DIGEST_LINES: usize = 50;
/// The digest waits this long after its hour, so that a write that was
/// running at the hour has committed its lines before the day is closed.
const DIGEST_GRACE_SECONDS: i64 = 60;
/// Questions asked longer ago than the reminder's days plus this are never
/// reminded of (the first run after an upgrade does not mail about old ones).
const REMINDER_WINDOW_DAYS: i64 = 30;
const BATCH: i64 = 100;

pub fn kind(name: &str) -> Option<&'static MailKind> {
    KINDS.iter().find(|k| k.name == name)
}

/// The kind of mail a notification is, for its recipient; None for
/// notifications that are never mailed.
pub fn kind_of(event: &str, recipient_is_asker: bool) -> Option<&'static MailKind> {
    let name = match event {
        "new_reply" if recipient_is_asker => "answers",
        "new_reply" => "followed_replies",
        "solution_accepted" | "verified" => "my_answers",
        "escalation_claimed" => "escalations",
        crate::forum::discussion::escalations::OPENED => "staff_queue",
        "solution_marked_for_you" => "staff_actions",
        "private_message" => "private_messages",
        crate::forum::before_service::firmware::BROKEN
        | crate::forum::before_service::firmware::REOPENED
        | crate::forum::before_service::firmware::IN_QUESTION => "firmware_reports",
        SOLVED_REMINDER => "solved_reminder",
        crate::forum::before_service::known_issues::STATUS_CHANGED
        | crate::forum::before_service::known_issues::OPENED => "known_issue_status",
        crate::forum::before_service::maintenance::MAINTENANCE_DUE => "maintenance_due",
        crate::forum::before_service::ideas::STATUS_CHANGED => "idea_status",
        _ => return None,
    };
    kind(name)
}

/// What happened, as the mail says it after the actor's name (or alone):
/// the key of its message (`locales/*/mail.ftl`), looked up in the
/// recipient's language when the mail is written.
fn what_happened(event: &str, kind: &str) -> &'static str {
    match (event, kind) {
        ("new_reply", "answers") => "mail-what-answered",
        ("new_reply", _) => "mail-what-replied",
        ("solution_accepted", _) => "mail-what-solution-accepted",
        ("verified", _) => "mail-what-verified",
        ("escalation_claimed", _) => "mail-what-escalation-claimed",
        (crate::forum::discussion::escalations::OPENED, _) => "mail-what-escalation-opened",
        ("solution_marked_for_you", _) => "mail-what-solution-marked",
        ("private_message", _) => "mail-what-private-message",
        (crate::forum::before_service::firmware::BROKEN, _) => "mail-what-firmware-broken",
        (crate::forum::before_service::firmware::REOPENED, _) => "mail-what-firmware-reopened",
        (crate::forum::before_service::firmware::IN_QUESTION, _) => {
            "mail-what-firmware-in-question"
        }
        (crate::forum::before_service::known_issues::STATUS_CHANGED, _) => {
            "mail-what-known-issue-status"
        }
        (crate::forum::before_service::known_issues::OPENED, _) => "mail-what-known-issue-new",
        (crate::forum::before_service::ideas::STATUS_CHANGED, _) => "mail-what-idea-status",
        (SOLVED_REMINDER, _) => "mail-what-solved-reminder",
        (crate::forum::before_service::maintenance::MAINTENANCE_DUE, _) => {
            "mail-what-maintenance-due"
        }
        _ => "mail-what-updated",
    }
}

/// The key of a kind's name as mails say it ("mail-kind-answers"); a kind
/// no longer known is "Notifications".
fn kind_key(name: &str) -> String {
    match kind(name) {
        Some(kind) => format!("mail-kind-{}", kind.name.replace('_', "-")),
        None => "mail-kind-other".to_owned(),
    }
}

/// One kind with the member's choice, for the settings page.
#[derive(Debug, Serialize)]
pub struct Choice {
    pub kind: &'static MailKind,
    pub mode: Mode,
}

/// The modes a member chooses from, as the settings page names them (the
/// page's words come from `mailset-mode-<mode>`).
pub fn mode_options() -> Vec<&'static str> {
    Mode::ALL.into_iter().map(Mode::as_str).collect()
}

/// A saved choice, or the kind's default (also for a value no longer known).
fn mode_in(saved: &HashMap<String, String>, kind: &MailKind) -> Mode {
    saved
        .get(kind.name)
        .and_then(|m| Mode::parse(m))
        .unwrap_or(kind.default)
}

/// Every kind the member may get (staff kinds for staff only), with what
/// they chose.
pub fn choices(conn: &mut DbConn, actor: &Actor) -> AppResult<Vec<Choice>> {
    let saved: HashMap<String, String> = store::modes(conn, actor.id)?.into_iter().collect();
    Ok(kinds_for(actor)
        .map(|kind| Choice {
            kind,
            mode: mode_in(&saved, kind),
        })
        .collect())
}

/// The kinds this member chooses among.
fn kinds_for(actor: &Actor) -> impl Iterator<Item = &'static MailKind> + '_ {
    KINDS.iter().filter(|k| !k.staff_only || actor.is_staff())
}

/// Whether every kind the member gets is off ("off for everything").
pub fn all_off(choices: &[Choice]) -> bool {
    choices.iter().all(|c| c.mode == Mode::Never)
}

/// The member's effective mode for one kind.
pub fn mode_for(conn: &mut DbConn, user_id: i64, kind_name: &str) -> AppResult<Mode> {
    let kind = kind(kind_name).ok_or_else(|| unknown_kind(kind_name))?;
    let saved: HashMap<String, String> = store::modes(conn, user_id)?.into_iter().collect();
    Ok(mode_in(&saved, kind))
}

fn unknown_kind(name: &str) -> AppError {
    let shown: String = name.chars().take(40).collect();
    AppError::BadRequest(
        Message::new("err-mail-preferences-there-no-kind-mail-called")
            .with("shown", shown)
            .with(
                "join",
                KINDS.iter().map(|k| k.name).collect::<Vec<_>>().join(", "),
            ),
    )
}

/// The field of the mail settings form that holds the member's time zone
/// (every other field names a kind of mail).
pub const TIME_ZONE_FIELD: &str = "time_zone";

/// Saves the submitted choices (kind → mode, and the time zone), all or
/// none: every kind, mode and zone is checked before anything is written,
/// then one transaction writes them. Suspended and unconfirmed members may
/// too: it is their own mail, not the forum.
pub fn save(
    conn: &mut DbConn,
    actor: &Actor,
    submitted: &BTreeMap<String, String>,
) -> AppResult<()> {
    let mut choices = Vec::with_capacity(submitted.len());
    let mut zone = None;
    for (name, mode) in submitted {
        if name == TIME_ZONE_FIELD {
            zone = Some(parse_time_zone(mode)?);
            continue;
        }
        let kind = kind(name)
            .filter(|k| !k.staff_only || actor.is_staff())
            .ok_or_else(|| unknown_kind(name))?;
        let mode = Mode::parse(mode.trim()).ok_or_else(|| {
            let shown: String = mode.chars().take(40).collect();
            AppError::BadRequest(
                Message::new("err-mail-preferences-shown-not-choice-label-choose")
                    .with("shown", shown)
                    .with("label", kind.label),
            )
        })?;
        choices.push((kind.name, mode.as_str()));
    }
    if choices.is_empty() && zone.is_none() {
        return Err(AppError::BadRequest(
            "err-mail-preferences-form-named-no-kind-mail".into(),
        ));
    }
    write_tx(conn, |conn| {
        store::save(conn, actor.id, &choices)?;
        if let Some(zone) = zone {
            store::set_time_zone(conn, actor.id, zone.name())?;
        }
        Ok(())
    })
}

/// "Off for everything": no kind of notification mail is sent to the member
/// any more (one transaction); they turn kinds back on one by one.
pub fn turn_off_all(conn: &mut DbConn, actor: &Actor) -> AppResult<()> {
    let never: Vec<(&str, &str)> = KINDS
        .iter()
        .map(|k| (k.name, Mode::Never.as_str()))
        .collect();
    write_tx(conn, |conn| Ok(store::save(conn, actor.id, &never)?))
}

/// An IANA time zone name as the browser (`Intl`) or the list gives it; a
/// name we do not know is a clear 400 (the form offers only known ones).
pub fn parse_time_zone(name: &str) -> AppResult<Tz> {
    name.trim().parse::<Tz>().map_err(|_| {
        let shown: String = name.chars().take(40).collect();
        AppError::BadRequest(
            Message::new("err-mail-preferences-shown-not-time-zone-we").with("shown", shown),
        )
    })
}

/// The member's time zone; UTC for a name no longer known.
pub fn time_zone_of(conn: &mut DbConn, user_id: i64) -> AppResult<Tz> {
    Ok(zone_or_utc(&store::time_zone(conn, user_id)?))
}

fn zone_or_utc(name: &str) -> Tz {
    name.parse().unwrap_or(Tz::UTC)
}

/// Every IANA zone name, for the settings page's list.
pub fn time_zone_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = chrono_tz::TZ_VARIANTS.iter().map(|z| z.name()).collect();
    names.sort_unstable();
    names
}

/// What an unsubscribe link stops, for its page.
#[derive(Debug, Serialize)]
pub struct Unsubscribe {
    pub kind: &'static str,
    pub label: &'static str,
    /// Whether that mail is already stopped.
    pub stopped: bool,
}

fn digest_label() -> &'static str {
    "The daily digest"
}

/// What the link's kind is and whether it is stopped; a kind we do not
/// send is a clear 400.
pub fn unsubscribe_status(
    conn: &mut DbConn,
    user_id: i64,
    kind_name: &str,
) -> AppResult<Unsubscribe> {
    users::find(conn, user_id).map_err(|e| match e {
        diesel::result::Error::NotFound => gone_link(),
        other => other.into(),
    })?;
    let saved: HashMap<String, String> = store::modes(conn, user_id)?.into_iter().collect();
    if kind_name == DIGEST {
        return Ok(Unsubscribe {
            kind: DIGEST,
            label: digest_label(),
            stopped: KINDS.iter().all(|k| mode_in(&saved, k) != Mode::Digest),
        });
    }
    let kind = kind(kind_name).ok_or_else(gone_link)?;
    Ok(Unsubscribe {
        kind: kind.name,
        label: kind.label,
        stopped: mode_in(&saved, kind) == Mode::Never,
    })
}

fn gone_link() -> AppError {
    AppError::BadRequest("err-mail-preferences-unsubscribe-link-mail-we-no".into())
}

/// One click: that kind of mail is never sent again (the digest: every kind
/// that went to it). The signed token is the authentication: no session.
pub fn unsubscribe(conn: &mut DbConn, user_id: i64, kind_name: &str) -> AppResult<Unsubscribe> {
    write_tx(conn, |conn| {
        let status = unsubscribe_status(conn, user_id, kind_name)?;
        let saved: HashMap<String, String> = store::modes(conn, user_id)?.into_iter().collect();
        let stop: Vec<(&str, &str)> = if status.kind == DIGEST {
            KINDS
                .iter()
                .filter(|k| mode_in(&saved, k) == Mode::Digest)
                .map(|k| (k.name, Mode::Never.as_str()))
                .collect()
        } else {
            vec![(status.kind, Mode::Never.as_str())]
        };
        store::save(conn, user_id, &stop)?;
        Ok(Unsubscribe {
            stopped: true,
            ..status
        })
    })
}

/// Whether mail a member chose may go to this account now: verified, not
/// suspended, not deleted. Addresses under `.invalid` (RFC 6761: never
/// delivered; the demo's members have them) are not written to the outbox.
fn may_mail(row: &RecipientRow, now: NaiveDateTime) -> bool {
    row.deleted_at.is_none()
        && row.email_verified_at.is_some()
        && row.suspended_until.is_none_or(|until| until <= now)
        && !row.email.is_empty()
        && !row.email.to_ascii_lowercase().ends_with(".invalid")
}

/// Per member: the account (first row) and their saved choices.
fn by_member(rows: Vec<RecipientRow>) -> HashMap<i64, (RecipientRow, HashMap<String, String>)> {
    let mut members: HashMap<i64, (RecipientRow, HashMap<String, String>)> = HashMap::new();
    for row in rows {
        let entry = members
            .entry(row.user_id)
            .or_insert_with(|| (row.clone(), HashMap::new()));
        if let (Some(kind), Some(mode)) = (&row.kind, &row.mode) {
            entry.1.insert(kind.clone(), mode.clone());
        }
    }
    members
}

#[derive(Serialize)]
struct NotificationMail<'a> {
    username: &'a str,
    unsubscribe_kind: &'a str,
    /// Message keys: the mail says them in the recipient's language.
    kind_key: String,
    event: &'a str,
    actor: Option<&'a str>,
    what_key: &'a str,
    thread_title: &'a str,
    thread_path: &'a str,
    /// Where the mail's button goes: the post, or the thread.
    path: &'a str,
    /// A known issue's status change: what to do now, said first.
    known_issue: Option<&'a crate::forum::before_service::known_issues::MailAdvice>,
    /// The start of a new answer or reply, as lines of plain text (the HTML
    /// template escapes them); empty for other events.
    quote: Vec<&'a str>,
}

/// How much of a new answer or reply its mail quotes.
const QUOTE_CHARS: usize = 500;

/// The start of a post's words for its mail: at most `QUOTE_CHARS`, cut at
/// a space and marked with "…" when there is more.
fn quote_of(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= QUOTE_CHARS {
        return text.to_owned();
    }
    let cut: String = text.chars().take(QUOTE_CHARS).collect();
    let at_space = cut.rfind(char::is_whitespace).unwrap_or(cut.len());
    format!("{}…", cut[..at_space].trim_end())
}

/// The mail side of new notifications, in the transaction that writes them:
/// for each recipient whose account may be mailed, a Notification (or
/// SolvedReminder) mail now if they chose "at once" for its kind, a digest
/// line if they chose the digest. A fixed number of queries however many
/// recipients: the thread, the actor, and the recipients' accounts with their
/// choices together.
pub(crate) fn mail_notifications(
    conn: &mut DbConn,
    recipients: &[i64],
    event: &str,
    subject: Subject,
    actor_id: Option<i64>,
    now: NaiveDateTime,
) -> AppResult<()> {
    if recipients.is_empty() || kind_of(event, true).is_none() {
        return Ok(());
    }
    // A thread's asker hears of replies as "answers"; a task has no asker.
    let (asker_id, about) = match subject {
        Subject::Thread { thread_id, post_id } => {
            let thread = threads::find(conn, thread_id)?;
            let about = About::Thread {
                id: thread.id,
                slug: thread.slug,
                title: thread.title,
                post_id,
            };
            (Some(thread.author_id), about)
        }
        Subject::Task(due) => (None, notifications::about_task(conn, &due)?),
    };
    let kind_for = |user_id: i64| kind_of(event, Some(user_id) == asker_id);
    let mut kinds: Vec<&str> = recipients
        .iter()
        .filter_map(|&id| kind_for(id).map(|k| k.name))
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    let members = by_member(store::recipients(conn, recipients, &kinds)?);
    let actor_name = match actor_id {
        Some(id) => Some(users::find(conn, id)?.username),
        None => None,
    };
    // Site-relative: the worker adds the site's address.
    let (title, thread_path, path) = (about.title(), about.whole_path(), about.path());
    // A new answer or reply is quoted, so the mail says what it is.
    let quote = match (event, subject.post_id()) {
        ("new_reply", Some(post_id)) => {
            let post = crate::model::discussion::posts::find(conn, post_id)?;
            Some(quote_of(post.body_text.as_deref().unwrap_or(&post.body_md)))
        }
        _ => None,
    };
    let due = subject.task();
    let known_issue = match (event, subject) {
        (
            crate::forum::before_service::known_issues::STATUS_CHANGED,
            Subject::Thread { thread_id, .. },
        ) => crate::forum::before_service::known_issues::mail_advice(conn, thread_id)?,
        _ => None,
    };
    for &user_id in recipients {
        let (Some(kind), Some((account, saved))) = (kind_for(user_id), members.get(&user_id))
        else {
            continue;
        };
        if !may_mail(account, now) {
            continue;
        }
        match mode_in(saved, kind) {
            Mode::Never => {}
            Mode::Digest => {
                store::insert_digest_item(
                    conn,
                    &NewDigestItem {
                        user_id,
                        kind: kind.name,
                        event,
                        thread_id: subject.thread_id(),
                        post_id: subject.post_id(),
                        actor_id,
                        created_at: now,
                        owned_device_id: due.map(|d| d.owned_device_id),
                        task_id: due.map(|d| d.task_id),
                        due_on: due.map(|d| d.due_on),
                    },
                )?;
            }
            Mode::Instant => {
                let template = if event == SOLVED_REMINDER {
                    Template::SolvedReminder
                } else {
                    Template::Notification
                };
                mail::enqueue(
                    conn,
                    &Outgoing {
                        template,
                        to: &account.email,
                        user_id: Some(user_id),
                        payload: &NotificationMail {
                            username: &account.username,
                            unsubscribe_kind: kind.name,
                            kind_key: kind_key(kind.name),
                            event,
                            actor: actor_name.as_deref(),
                            what_key: what_happened(event, kind.name),
                            thread_title: &title,
                            thread_path: &thread_path,
                            path: &path,
                            known_issue: known_issue.as_ref(),
                            quote: quote.as_deref().map_or(Vec::new(), |q| q.lines().collect()),
                        },
                    },
                )?;
            }
        }
    }
    Ok(())
}

/// The end of the digest day `now` is in, for a member in `zone`: today at
/// `hour` of their clock, or yesterday's if that is still ahead; in UTC. An
/// hour a clock change skips starts when the clock jumps.
pub fn digest_cutoff(now: NaiveDateTime, hour: u32, zone: Tz) -> NaiveDateTime {
    let local_today = zone.from_utc_datetime(&now).date_naive();
    let at_hour = |date: chrono::NaiveDate| {
        let local = date
            .and_hms_opt(hour.min(23), 0, 0)
            .expect("an hour of the day");
        zone.from_local_datetime(&local)
            .earliest()
            .or_else(|| {
                zone.from_local_datetime(&(local + Duration::hours(1)))
                    .earliest()
            })
            .map_or(local, |t| t.naive_utc())
    };
    let today = at_hour(local_today);
    if today <= now {
        today
    } else {
        at_hour(local_today - Duration::days(1))
    }
}
#[derive(Serialize)]
struct DigestLine {
    /// Message keys, as in `NotificationMail`.
    kind_key: String,
    event: String,
    actor: Option<String>,
    what_key: &'static str,
    thread_title: String,
    path: String,
    at: NaiveDateTime,
}

#[derive(Serialize)]
struct DigestMail<'a> {
    username: &'a str,
    unsubscribe_kind: &'a str,
    lines: &'a [DigestLine],
    count: usize,
    more: usize,
}

/// What a daily run did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct DigestRun {
    /// Digests written to the outbox.
    pub sent: usize,
    /// Waiting lines dropped: the member may not be mailed now, chose
    /// otherwise since, or the post is no longer shown.
    pub dropped: usize,
}

/// The daily digest: for each member with lines waiting up to their day's
/// cut-off (`hour` of their own time zone), ONE Digest mail with all of
/// them, in the transaction that deletes those lines and records the day as
/// sent for the member. Nothing for a member with nothing; a second run on
/// the same day (here or on another server) finds the day taken and sends
/// nothing. Lines written after the cut-off wait for the next day's digest.
pub fn send_digests(conn: &mut DbConn, now: NaiveDateTime, hour: u32) -> AppResult<DigestRun> {
    let mut run = DigestRun::default();
    let all_kinds: Vec<&str> = KINDS.iter().map(|k| k.name).collect();
    let mut after = 0;
    loop {
        let waiting = store::digest_members(conn, now, after, BATCH)?;
        let Some(last) = waiting.last() else {
            break;
        };
        after = last.user_id;
        // Each member's day ends at the hour of their clock; those whose
        // cut-off (and its grace minute) has passed with lines before it
        // are due now.
        let cutoffs: HashMap<i64, NaiveDateTime> = waiting
            .iter()
            .filter_map(|m| {
                let cutoff = digest_cutoff(now, hour, zone_or_utc(&m.time_zone));
                let due = now >= cutoff + Duration::seconds(DIGEST_GRACE_SECONDS)
                    && m.first_line_at <= cutoff;
                due.then_some((m.user_id, cutoff))
            })
            .collect();
        if cutoffs.is_empty() {
            continue;
        }
        let members: Vec<i64> = cutoffs.keys().copied().collect();
        let items: Vec<DigestItemRow> = store::digest_items(conn, &members, now)?
            .into_iter()
            .filter(|item| item.created_at <= cutoffs[&item.user_id])
            .collect();
        let accounts = by_member(store::recipients(conn, &members, &all_kinds)?);
        // What was hidden since is not mailed.
        let post_ids: Vec<i64> = items.iter().filter_map(|i| i.post_id).collect();
        let thread_ids: Vec<i64> = items
            .iter()
            .filter_map(|i| match &i.about {
                Some(About::Thread { id, .. }) => Some(*id),
                _ => None,
            })
            .collect();
        let hidden: HashSet<i64> = store::hidden_posts(conn, &post_ids)?.into_iter().collect();
        let withdrawn: HashSet<i64> = store::withdrawn_threads(conn, &thread_ids)?
            .into_iter()
            .collect();
        let shown = |item: &DigestItemRow| match &item.about {
            Some(About::Thread { id, .. }) => {
                !item.post_id.is_some_and(|id| hidden.contains(&id)) && !withdrawn.contains(id)
            }
            Some(About::Maintenance { .. }) => true,
            None => false,
        };
        let mut per_member: BTreeMap<i64, Vec<DigestItemRow>> = BTreeMap::new();
        for item in items {
            per_member.entry(item.user_id).or_default().push(item);
        }
        for (user_id, items) in per_member {
            let cutoff = cutoffs[&user_id];
            let ids: Vec<i64> = items.iter().map(|i| i.id).collect();
            let Some((account, saved)) = accounts.get(&user_id) else {
                continue; // the account is gone: its lines went with it
            };
            // Composed outside the write transaction.
            let mailable = may_mail(account, now);
            let lines: Vec<DigestLine> = items
                .into_iter()
                .filter(|item| mailable && shown(item) && still_wanted(item, saved))
                .filter_map(|item| {
                    let about = item.about?;
                    Some(DigestLine {
                        kind_key: kind_key(&item.kind),
                        what_key: what_happened(&item.event, &item.kind),
                        actor: item.actor_name,
                        path: about.path(),
                        event: item.event,
                        thread_title: about.title(),
                        at: item.created_at,
                    })
                })
                .collect();
            let dropped = ids.len() - lines.len();
            let count = lines.len();
            let shown = &lines[..count.min(MAX_DIGEST_LINES)];
            let payload = (count > 0).then(|| DigestMail {
                username: &account.username,
                unsubscribe_kind: DIGEST,
                lines: shown,
                count,
                more: count - shown.len(),
            });
            let sent = write_tx(conn, |conn| -> AppResult<bool> {
                if let Some(payload) = &payload {
                    if store::claim_digest_day(conn, user_id, cutoff)? == 0 {
                        // Made already today: the lines wait for tomorrow.
                        return Err(AppError::Conflict(
                            "err-mail-preferences-digest-already-made".into(),
                        ));
                    }
                    mail::enqueue(
                        conn,
                        &Outgoing {
                            template: Template::Digest,
                            to: &account.email,
                            user_id: Some(user_id),
                            payload,
                        },
                    )?;
                }
                if store::delete_digest_items(conn, &ids)? != ids.len() {
                    // Another server is making this member's digest.
                    return Err(AppError::Conflict(
                        "err-mail-preferences-digest-lines-taken".into(),
                    ));
                }
                Ok(payload.is_some())
            });
            match sent {
                Ok(true) => {
                    run.sent += 1;
                    run.dropped += dropped;
                }
                Ok(false) => run.dropped += dropped,
                Err(AppError::Conflict(_)) => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(run)
}

/// A waiting line is still sent if its kind still goes to the digest.
fn still_wanted(item: &DigestItemRow, saved: &HashMap<String, String>) -> bool {
    kind(&item.kind).is_some_and(|k| mode_in(saved, k) == Mode::Digest)
}

/// Close the loop: each troubleshooting question asked at least `days` ago
/// that has replies from others but no accepted solution gets ONE reminder
/// to its asker, ever: an in-app notification, and mail as they chose for
/// "solved_reminder" (at once, in the digest, or not). The thread's
/// `solved_reminders` row is written in the same transaction, first, so a
/// second run or server skips it. Returns how many were sent.
pub fn send_solved_reminders(conn: &mut DbConn, now: NaiveDateTime, days: i64) -> AppResult<usize> {
    let asked_before = now - Duration::days(days.max(0));
    let asked_after = asked_before - Duration::days(REMINDER_WINDOW_DAYS);
    let mut sent = 0;
    loop {
        let candidates = store::reminder_candidates(conn, asked_after, asked_before, BATCH)?;
        if candidates.is_empty() {
            return Ok(sent);
        }
        for candidate in candidates {
            let reminded = write_tx(conn, |conn| -> AppResult<bool> {
                if store::mark_reminded(conn, candidate.thread_id, candidate.author_id, now)? == 0 {
                    return Ok(false);
                }
                crate::forum::discussion::answers::notify_about(
                    conn,
                    &[candidate.author_id],
                    SOLVED_REMINDER,
                    candidate.thread_id,
                    None,
                    None,
                )?;
                Ok(true)
            })?;
            sent += usize::from(reminded);
        }
    }
}

/// The daily digest as a background job on every app server, every few
/// minutes, since each member's day ends at the digest hour of their own
/// time zone (some zones are 30 or 45 minutes off the hour). What makes it
/// go out once is the day recorded per member (`send_digests`), so every
/// server may run it, and a server started after the hour catches up.
pub fn digest_job(pool: DbPool, hour: u32) -> Job {
    Job::new("digest", Schedule::every_seconds(5 * 60), move || {
        let pool = pool.clone();
        async move {
            let run = blocking(&pool, move |conn| {
                send_digests(conn, crate::model::now(), hour).map_err(app_error)
            })
            .await?;
            if run.sent > 0 || run.dropped > 0 {
                tracing::info!(sent = run.sent, dropped = run.dropped, "daily digest");
            }
            Ok(run.sent)
        }
    })
}

/// The solved reminders as a background job (each thread's reminder row
/// makes it go out once, whichever server runs it).
pub fn solved_reminders_job(pool: DbPool, days: i64) -> Job {
    Job::new(
        "solved_reminders",
        Schedule::every_seconds(15 * 60),
        move || {
            let pool = pool.clone();
            async move {
                blocking(&pool, move |conn| {
                    send_solved_reminders(conn, crate::model::now(), days).map_err(app_error)
                })
                .await
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn the_digest_day_ends_at_its_hour() {
        let utc = Tz::UTC;
        assert_eq!(
            digest_cutoff(at("2026-12-02 07:00"), 7, utc),
            at("2026-12-02 07:00")
        );
        assert_eq!(
            digest_cutoff(at("2026-12-02 23:59"), 7, utc),
            at("2026-12-02 07:00")
        );
        assert_eq!(
            digest_cutoff(at("2026-12-02 06:59"), 7, utc),
            at("2026-12-01 07:00")
        );
        assert_eq!(
            digest_cutoff(at("2026-12-02 00:00"), 0, utc),
            at("2026-12-02 00:00")
        );
    }

    #[test]
    fn the_digest_day_ends_at_the_hour_of_the_members_clock() {
        let seoul: Tz = "Asia/Seoul".parse().unwrap(); // UTC+9
        assert_eq!(
            digest_cutoff(at("2026-12-02 00:00"), 7, seoul),
            at("2026-12-01 22:00")
        );
        assert_eq!(
            digest_cutoff(at("2026-12-01 21:59"), 7, seoul),
            at("2026-11-30 22:00")
        );
        let kolkata: Tz = "Asia/Kolkata".parse().unwrap(); // UTC+5:30
        assert_eq!(
            digest_cutoff(at("2026-12-02 03:00"), 7, kolkata),
            at("2026-12-02 01:30")
        );
        // Berlin in summer (UTC+2), and the night its clock jumps from 2 to 3.
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        assert_eq!(
            digest_cutoff(at("2026-07-01 12:00"), 7, berlin),
            at("2026-07-01 05:00")
        );
        assert_eq!(
            digest_cutoff(at("2026-03-29 12:00"), 2, berlin),
            at("2026-03-29 01:00")
        );
    }

    #[test]
    fn a_quote_is_the_start_of_the_text_cut_at_a_space() {
        assert_eq!(quote_of("  Descale it.  "), "Descale it.");
        let long = "word ".repeat(200);
        let quoted = quote_of(&long);
        assert!(quoted.ends_with("word…"), "{quoted}");
        assert!(quoted.chars().count() <= QUOTE_CHARS + 1);
    }

    #[test]
    fn every_mailed_notification_has_a_kind_and_every_kind_a_unique_name() {
        for (event, asker) in [
            ("new_reply", true),
            ("new_reply", false),
            ("solution_accepted", false),
            ("verified", false),
            ("escalation_claimed", true),
            ("solution_marked_for_you", true),
            (SOLVED_REMINDER, true),
        ] {
            assert!(kind_of(event, asker).is_some(), "{event}");
        }
        assert_eq!(kind_of("new_reply", true).unwrap().name, "answers");
        assert_eq!(
            kind_of("new_reply", false).unwrap().name,
            "followed_replies"
        );
        assert!(kind_of("something_else", true).is_none());
        let mut names: Vec<&str> = KINDS.iter().map(|k| k.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), KINDS.len());
        assert!(
            !names.contains(&DIGEST),
            "the digest's unsubscribe name is taken"
        );
        // Tokens are `<user>-<kind>`: a kind is read back after the first '-'.
        assert!(names.iter().all(|n| !n.contains('.')));
    }
}
