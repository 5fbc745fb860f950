//! The permission matrix: every POST route × every kind of user, through HTTP,
//! on both databases. The routes are read from the handlers' `#[post(...)]`
//! attributes under src/web/, so a new route without a row here fails.
//!
//! Each (row, role) pair gets its own fresh target (thread, post, step, part,
//! member…), so one role's success never decides another role's answer. A
//! refused request must answer 401 (visitor) or 403 and leave the whole
//! database and the uploads folder exactly as they were; an allowed one must
//! succeed and change something.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Cursor;
use std::path::{Path, PathBuf};

use diesel::RunQueryDsl;
use fixloop::auth::session::SESSION_COOKIE;
use fixloop::model::accounts::users::Role as UserRole;

use crate::common::{each_db, thread_id, Page, TestApp, PASSWORD};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Role {
    Visitor,
    /// The member who wrote the thread, post, guide or report acted on.
    Owner,
    Other,
    Suspended,
    Staff,
    SuspendedStaff,
    Admin,
}

use Role::*;

const ROLES: [Role; 7] = [
    Visitor,
    Owner,
    Other,
    Suspended,
    Staff,
    SuspendedStaff,
    Admin,
];

const EVERYONE: &[Role] = &ROLES;
const LOGGED_IN: &[Role] = &[Owner, Other, Suspended, Staff, SuspendedStaff, Admin];
/// Anyone logged in and not suspended.
const MEMBERS: &[Role] = &[Owner, Other, Staff, Admin];
const OWNER_OR_STAFF: &[Role] = &[Owner, Staff, Admin];
const NOT_OWNER: &[Role] = &[Other, Staff, Admin];
const STAFF: &[Role] = &[Staff, Admin];
const ADMIN: &[Role] = &[Admin];
const OWNER: &[Role] = &[Owner];
const NOBODY: &[Role] = &[];

impl Role {
    fn username(self) -> &'static str {
        match self {
            Visitor => "",
            Owner => "perm_owner",
            Other => "perm_other",
            Suspended => "perm_suspended",
            Staff => "perm_staff",
            SuspendedStaff => "perm_suspended_staff",
            Admin => "perm_admin",
        }
    }

    fn is_suspended(self) -> bool {
        matches!(self, Suspended | SuspendedStaff)
    }
}

/// The fixture's device (a maker) and part, for moves and swap reports.
const DEVICE: &str = "perm-phone";
const PART: &str = "perm-battery";
const SUSPEND: &[(&str, &str)] = &[("days", "3"), ("reason", "Testing the rules")];
const MAINTENANCE_TASK: &[(&str, &str)] = &[
    ("title", "Perm task"),
    ("interval_count", "2"),
    ("interval_unit", "days"),
];

/// What a route's `{…}` stands for; made fresh for each role.
#[derive(Debug, Clone, Copy)]
enum Target {
    Nothing,
    /// The acting member has an unread notification.
    UnreadNotification,
    /// A notification for the owner.
    OwnersNotification,
    /// Form fields for a new account.
    NewAccount,
    /// Form fields logging in to an existing account.
    ExistingAccount,
    /// A fresh unverified account's mailed confirmation link.
    ConfirmLink,
    /// The address of an existing account ("forgot your password?").
    ExistingEmail,
    /// A fresh account's mailed password-reset link, with a new password.
    ResetLink,
    /// A mailed "undo the change of address" link, with a new password.
    UndoLink,
    /// A `name` no part has yet.
    NewPartName,
    /// The owner's troubleshooting question.
    Question,
    LockedQuestion,
    PinnedQuestion,
    /// Someone else's question (nobody in the matrix follows it).
    OthersQuestion,
    /// Someone else's question the acting member follows.
    FollowedQuestion,
    /// The opening post of the owner's question.
    OpeningPost,
    /// The owner's reply to someone else's question.
    Reply,
    HiddenReply,
    /// The owner's reply, flagged by someone else.
    FlaggedReply,
    /// The owner's reply, verified by an admin.
    VerifiedReply,
    /// Someone else's reply the acting member voted for.
    VotedReply,
    /// Someone else's reply to the owner's question.
    AnswerToQuestion,
    /// The owner's question, solved by someone else's reply.
    SolvedQuestion,
    /// The owner's question, escalated by the owner.
    EscalatedQuestion,
    /// An escalated question an admin has claimed.
    ClaimedQuestion,
    /// Someone else's accepted answer to the owner's question on a device,
    /// checked on firmware 1.0 before 1.1 came out.
    StaleSolution,
    /// A `StaleSolution` that members' reports put in question (an open
    /// review), for staff to decide on.
    SolutionInQuestion,
    /// The owner's part-swap report.
    SwapReport,
    Part,
    Device,
    /// The owner's guide.
    Guide,
    /// A step of the owner's guide.
    GuideStep,
    /// The first of two steps of the owner's guide.
    FirstOfTwoSteps,
    /// A step of the owner's guide, hidden by an admin.
    HiddenStep,
    /// A member (a staff member, …) nobody in the matrix is.
    Member,
    StaffMember,
    SuspendedMember,
    SuspendedStaffMember,
    /// A member nobody in the matrix is, with their username typed to
    /// confirm deleting the account.
    MemberToDelete,
    /// The acting member's own name.
    Myself,
    /// Form fields with search synonyms no group has yet.
    NewSynonyms,
    /// A group of search synonyms.
    SynonymGroup,
    /// Form fields with a genuine one-click unsubscribe token of a member
    /// nobody in the matrix is (the token, not a session, authenticates).
    UnsubscribeToken,
    /// A known issue an admin opened, with fields naming a fresh question
    /// (`thread`) and a fresh guide (`best_fix`) to link or choose.
    KnownIssue,
    /// A known issue with a question linked to it (`thread`).
    LinkedToKnownIssue,
    /// An idea a member nobody in the matrix is proposed.
    Idea,
    /// Such an idea, with the acting member's vote for it.
    VotedIdea,
    /// A fresh device the owner owns ("My devices"), with a maintenance task
    /// on it as the `task` field.
    OwnedDevice,
    /// A maintenance task on a fresh device.
    MaintenanceTask,
    /// A webhook an admin registered.
    Webhook,
    /// An API token of the owner's.
    ApiToken,
    /// A sign-in linked to the owner's account.
    SignIn,
    /// Another logged-in browser (session) of the owner's.
    Session,
    /// Another logged-in browser of the acting member's (nothing in the route).
    ActingSession,
    /// An avatar the acting member has (nothing in the route).
    ActingAvatar,
    /// A delivery of a webhook an admin registered.
    WebhookDelivery,
}

use Target as T;

struct Row {
    route: &'static str,
    target: Target,
    allowed: &'static [Role],
    fields: &'static [(&'static str, &'static str)],
    /// A multipart photo upload rather than a form.
    photo: bool,
    /// Success may leave everything as it was (a visitor logging out).
    quiet: bool,
    /// Members other than the allowed ones are told "not found" (403 would
    /// confirm that the thing exists).
    hidden_from_others: bool,
    /// Success answers 200, not 303: a file (a data export), or a page that
    /// says what happens next ("check your mail").
    answers_ok: bool,
    /// The route acts on the acting member's own account (deleting it): it is
    /// sent by a stand-in of the same role and suspension, made for the one
    /// request, with their password and username as the form's fields.
    own_account: bool,
    /// Single sign-on's routes: without a provider configured (as here) they
    /// are not there for anyone (404, nothing changed); tests/it/sso.rs
    /// tests them against a real provider.
    only_with_sso: bool,
}

fn row(route: &'static str, target: Target, allowed: &'static [Role]) -> Row {
    Row {
        route,
        target,
        allowed,
        fields: &[],
        photo: false,
        quiet: false,
        hidden_from_others: false,
        answers_ok: false,
        own_account: false,
        only_with_sso: false,
    }
}

impl Row {
    fn with(self, fields: &'static [(&'static str, &'static str)]) -> Row {
        Row { fields, ..self }
    }

    fn photo(self) -> Row {
        Row {
            photo: true,
            ..self
        }
    }

    fn quiet(self) -> Row {
        Row {
            quiet: true,
            ..self
        }
    }

    fn hidden_from_others(self) -> Row {
        Row {
            hidden_from_others: true,
            ..self
        }
    }

    fn only_with_sso(self) -> Row {
        Row {
            only_with_sso: true,
            ..self
        }
    }

    fn answers_ok(self) -> Row {
        Row {
            answers_ok: true,
            ..self
        }
    }

    fn own_account(self) -> Row {
        Row {
            own_account: true,
            ..self
        }
    }

    /// The answer a refused role must get.
    fn refusal(&self, acting: Role) -> u16 {
        match acting {
            Visitor => 401,
            // A suspended owner is refused for the suspension (403), not hidden from.
            _ if self.hidden_from_others && !self.allowed_but_for_suspension(acting) => 404,
            _ => 403,
        }
    }

    /// Whom a suspended member stands for: the owner where the owner may act
    /// (so only the suspension refuses them), otherwise another member.
    fn owner_when(&self, acting: Role) -> Role {
        if acting == Suspended && self.allowed.contains(&Owner) {
            Suspended
        } else {
            Owner
        }
    }

    /// Whether the acting role, were it not suspended, would be allowed: then
    /// the refusal must be the suspension's.
    fn allowed_but_for_suspension(&self, acting: Role) -> bool {
        match acting {
            Suspended => self.allowed.contains(&Owner) || self.allowed.contains(&Other),
            SuspendedStaff => self.allowed.contains(&Staff),
            _ => false,
        }
    }
}

/// Every POST route, with who may use it. Suspended members and staff change
/// nothing but their own session, their own account's password and address,
/// and the read marks of their notifications.
fn table() -> Vec<Row> {
    vec![
        // Accounts. Registering and logging in act for the account they
        // create or open, not for whoever sent them, so they stay open.
        row("/register", T::NewAccount, EVERYONE).answers_ok(),
        row("/login", T::ExistingAccount, EVERYONE),
        row("/logout", T::Nothing, EVERYONE).quiet(),
        // The interface's language: a cookie (for a member, their setting too).
        row("/language", T::Nothing, EVERYONE)
            .quiet()
            .with(&[("language", "ko")]),
        // Mailed links act for the account they were sent to.
        row("/account/confirm", T::ConfirmLink, EVERYONE),
        row("/password/forgot", T::ExistingEmail, EVERYONE).answers_ok(),
        row("/password/reset", T::ResetLink, EVERYONE),
        row("/account/undo-email", T::UndoLink, EVERYONE),
        // Looking after one's own account stays open while suspended: a
        // password must be changeable after a break-in, whoever is suspended.
        row("/settings/email", T::Nothing, LOGGED_IN)
            .with(&[
                ("email", "perm-moving@example.com"),
                ("current_password", PASSWORD),
            ])
            .answers_ok(),
        row("/settings/password", T::Nothing, LOGGED_IN).with(&[
            ("current_password", PASSWORD),
            ("password", PASSWORD),
            ("password_confirm", PASSWORD),
        ]),
        // Already confirmed: the member is told so, and nothing is sent.
        row("/settings/verification", T::Nothing, LOGGED_IN).quiet(),
        // The member's language for pages and mail ("/language" above chose
        // Korean for every member: this changes it back).
        row("/settings/language", T::Nothing, LOGGED_IN).with(&[("language", "en")]),
        row("/notifications/read", T::UnreadNotification, LOGGED_IN),
        // Opening one marks it read: its owner may, suspended or not.
        row(
            "/notifications/{id}",
            T::OwnersNotification,
            &[Owner, Suspended],
        )
        .hidden_from_others(),
        // Writing.
        row("/threads/new", T::Nothing, MEMBERS).with(&[
            ("kind", "discussion"),
            ("title", "A brand new discussion"),
            ("body", "Hello."),
            ("action", "post"),
        ]),
        row("/t/{id}/reply", T::Question, MEMBERS)
            .with(&[("body", "A reply."), ("action", "post")]),
        row("/posts/{id}/edit", T::OpeningPost, OWNER_OR_STAFF).with(&[
            ("title", "An edited question title"),
            ("body", "Edited."),
            ("action", "save"),
        ]),
        row("/posts/{id}/photos", T::Reply, OWNER_OR_STAFF).photo(),
        row("/t/{id}/follow", T::OthersQuestion, MEMBERS),
        row("/t/{id}/unfollow", T::FollowedQuestion, MEMBERS),
        // Answers.
        row("/posts/{id}/solution", T::AnswerToQuestion, OWNER_OR_STAFF),
        row("/t/{id}/unsolve", T::SolvedQuestion, OWNER_OR_STAFF),
        row("/posts/{id}/vote", T::Reply, NOT_OWNER),
        row("/posts/{id}/unvote", T::VotedReply, MEMBERS),
        row("/t/{id}/me-too", T::Question, NOT_OWNER),
        row("/posts/{id}/worked", T::VerifiedReply, NOT_OWNER).with(&[("device", "")]),
        row("/posts/{id}/verify", T::Reply, STAFF).with(&[("note", "Checked.")]),
        row("/posts/{id}/unverify", T::VerifiedReply, STAFF),
        row("/t/{id}/escalate", T::Question, OWNER),
        row("/t/{id}/claim", T::EscalatedQuestion, STAFF),
        row("/t/{id}/release", T::ClaimedQuestion, STAFF),
        row("/t/{id}/private", T::EscalatedQuestion, OWNER_OR_STAFF)
            .with(&[("message", "Order 4711, serial SN1.")]),
        row("/staff/devices/{slug}/firmware", T::Device, STAFF).with(&[
            ("version", "9.01"),
            ("released_on", "2026-11-01"),
            ("notes", ""),
        ]),
        // Only trusted members report: by this row the fixture's owner has
        // earned the reputation, the other member has not
        // (tests/it/firmware.rs has the trusted and untrusted cases).
        row("/posts/{id}/firmware", T::StaleSolution, OWNER_OR_STAFF).with(&[("works", "yes")]),
        row("/posts/{id}/firmware/review", T::SolutionInQuestion, STAFF)
            .with(&[("decision", "keep")]),
        // Moderation.
        row("/posts/{id}/flag", T::Reply, NOT_OWNER).with(&[("reason", "spam")]),
        row("/posts/{id}/hide", T::Reply, STAFF).with(&[("reason", "Unsafe advice")]),
        row("/posts/{id}/unhide", T::HiddenReply, STAFF),
        row("/posts/{id}/dismiss-flags", T::FlaggedReply, STAFF),
        row("/t/{id}/lock", T::Question, STAFF),
        row("/t/{id}/unlock", T::LockedQuestion, STAFF),
        row("/t/{id}/pin", T::Question, STAFF),
        row("/t/{id}/unpin", T::PinnedQuestion, STAFF),
        row("/t/{id}/move", T::Question, STAFF).with(&[("device", DEVICE)]),
        row("/u/{username}/suspend", T::Member, STAFF).with(SUSPEND),
        row("/u/{username}/suspend", T::StaffMember, ADMIN).with(SUSPEND),
        row("/u/{username}/suspend", T::Myself, NOBODY).with(SUSPEND),
        row("/u/{username}/unsuspend", T::SuspendedMember, STAFF),
        row("/u/{username}/unsuspend", T::SuspendedStaffMember, ADMIN),
        row("/u/{username}/unsuspend", T::Myself, NOBODY),
        // Guides.
        row("/t/{id}/guide/edit", T::Guide, OWNER_OR_STAFF).with(&[
            ("difficulty", "easy"),
            ("time_min", "10"),
            ("time_max", "20"),
        ]),
        row("/t/{id}/steps", T::Guide, OWNER_OR_STAFF)
            .with(&[("title", "Open the case"), ("body", "Undo the screws.")]),
        row("/steps/{id}/edit", T::GuideStep, OWNER_OR_STAFF)
            .with(&[("title", "Open the case gently"), ("body", "Slowly.")]),
        row("/steps/{id}/move", T::FirstOfTwoSteps, OWNER_OR_STAFF).with(&[("direction", "down")]),
        row("/steps/{id}/delete", T::GuideStep, OWNER_OR_STAFF),
        row("/steps/{id}/photos", T::GuideStep, OWNER_OR_STAFF).photo(),
        row("/steps/{id}/hide", T::GuideStep, STAFF).with(&[("reason", "Unsafe advice")]),
        row("/steps/{id}/unhide", T::HiddenStep, STAFF),
        row("/t/{id}/completion", T::Guide, NOT_OWNER).with(&[
            ("outcome", "worked"),
            ("device", ""),
            ("comment", ""),
        ]),
        // Parts and devices.
        row("/t/{id}/confirm", T::SwapReport, NOT_OWNER).with(&[("agrees", "yes")]),
        row("/parts/new", T::NewPartName, STAFF).with(&[("fits", "")]),
        row("/parts/{slug}/edit", T::Part, STAFF).with(&[("name", "An edited part"), ("fits", "")]),
        row("/devices/new", T::Nothing, ADMIN).with(&[("name", "A new maker"), ("kind", "maker")]),
        row("/devices/{slug}/edit", T::Device, ADMIN)
            .with(&[("name", "An edited maker"), ("kind", "maker")]),
        // My devices (private: others are told "not found") and maintenance plans.
        row("/devices/{slug}/own", T::Device, MEMBERS).with(&[("nickname", "Mine")]),
        row("/settings/devices/{id}", T::OwnedDevice, OWNER)
            .with(&[("nickname", "Edited")])
            .hidden_from_others(),
        row("/settings/devices/{id}/remove", T::OwnedDevice, OWNER).hidden_from_others(),
        row("/settings/devices/{id}/done", T::OwnedDevice, OWNER).hidden_from_others(),
        row("/settings/devices/{id}/snooze", T::OwnedDevice, OWNER)
            .with(&[("period", "week")])
            .hidden_from_others(),
        row("/staff/devices/{slug}/maintenance", T::Device, STAFF).with(MAINTENANCE_TASK),
        row("/staff/maintenance/{id}/edit", T::MaintenanceTask, STAFF).with(MAINTENANCE_TASK),
        row("/staff/maintenance/{id}/remove", T::MaintenanceTask, STAFF),
        // Known issues: staff open and run them; anyone may say they have it.
        row("/known-issues/new", T::Nothing, STAFF).with(&[
            ("title", "A perm known issue"),
            ("device", DEVICE),
            ("body", "It fails."),
            ("status", "investigating"),
        ]),
        row("/known-issues/{id}/status", T::KnownIssue, STAFF)
            .with(&[("status", "workaround_available"), ("note", "Restart it.")]),
        row("/known-issues/{id}/link", T::KnownIssue, STAFF),
        row("/known-issues/{id}/merge", T::KnownIssue, STAFF),
        row("/known-issues/{id}/unlink", T::LinkedToKnownIssue, STAFF),
        row("/known-issues/{id}/best-fix", T::KnownIssue, STAFF),
        row("/known-issues/{id}/me-too", T::KnownIssue, MEMBERS),
        // Ideas: members propose and vote; staff move the status.
        row("/ideas/new", T::Nothing, MEMBERS).with(&[
            ("title", "A perm idea"),
            ("device", DEVICE),
            ("body", "Make it better."),
        ]),
        row("/ideas/{id}/vote", T::Idea, MEMBERS),
        row("/ideas/{id}/unvote", T::VotedIdea, MEMBERS),
        row("/ideas/{id}/status", T::Idea, STAFF)
            .with(&[("status", "under_review"), ("note", "Looking.")]),
        // An owner's choice to hear of new known issues for their device.
        row("/settings/devices/{id}/known-issues", T::OwnedDevice, OWNER)
            .with(&[("watch", "on")])
            .hidden_from_others(),
        // Search.
        row("/staff/synonyms", T::NewSynonyms, STAFF),
        row("/staff/synonyms/{id}/remove", T::SynonymGroup, STAFF),
        // Mail settings: a member's own, suspended or not (choosing what
        // mail one gets changes nothing in the forum).
        row("/settings/mail", T::Nothing, LOGGED_IN).with(&[("followed_replies", "never")]),
        row("/settings/mail/off", T::Nothing, LOGGED_IN),
        // One-click unsubscribe (RFC 8058): authenticated by the signed token
        // in the link, not by a session or a CSRF token, so anyone holding a
        // member's link may stop that kind of mail for them, and nothing else.
        row("/mail/unsubscribe", T::UnsubscribeToken, EVERYONE),
        // Leaving the forum: one's own data, suspended or not (it is theirs);
        // an admin does not delete their own account (another admin first
        // makes them a member).
        // API tokens: one's own, suspended or not (a suspended member's token
        // is refused its writes by the same rules as the member).
        row("/settings/tokens", T::Nothing, LOGGED_IN)
            .with(&[("name", "perm"), ("scope", "write"), ("lifetime", "30")])
            .answers_ok(),
        row(
            "/settings/tokens/{id}/revoke",
            T::ApiToken,
            &[Owner, Suspended],
        )
        .hidden_from_others(),
        // Linked sign-ins: one's own, suspended or not.
        row(
            "/settings/sign-ins/{id}/remove",
            T::SignIn,
            &[Owner, Suspended],
        )
        .hidden_from_others(),
        // Logged-in browsers: one's own, suspended or not (logging out a
        // lost phone is a safety step); another's is "not found".
        row(
            "/settings/sessions/{id}/end",
            T::Session,
            &[Owner, Suspended],
        )
        .hidden_from_others(),
        row("/settings/sessions/end-others", T::ActingSession, LOGGED_IN),
        // The profile (bio, avatar) is public: members not suspended.
        row("/settings/profile", T::Nothing, MEMBERS).with(&[("bio", "Perm bio")]),
        row("/settings/avatar", T::Nothing, MEMBERS).photo(),
        row("/settings/avatar/remove", T::ActingAvatar, MEMBERS),
        row("/settings/data/export", T::Nothing, LOGGED_IN)
            .answers_ok()
            .quiet(),
        row(
            "/settings/data/delete",
            T::Nothing,
            &[Owner, Other, Suspended, Staff, SuspendedStaff],
        )
        .own_account(),
        // The members page: admins only, never on themselves.
        row("/admin/members/{username}/role", T::Member, ADMIN).with(&[("role", "staff")]),
        row("/admin/members/{username}/role", T::Myself, NOBODY).with(&[("role", "member")]),
        row("/admin/members/{username}/suspend", T::Member, ADMIN).with(SUSPEND),
        row("/admin/members/{username}/suspend", T::Myself, NOBODY).with(SUSPEND),
        row(
            "/admin/members/{username}/unsuspend",
            T::SuspendedMember,
            ADMIN,
        ),
        // Audited: the admin's download changes the audit log.
        row("/admin/members/{username}/export", T::Member, ADMIN).answers_ok(),
        row("/admin/members/{username}/delete", T::MemberToDelete, ADMIN),
        row("/admin/members/{username}/delete", T::Myself, NOBODY),
        // Webhooks: admins only (a loopback receiver, allowed explicitly).
        row("/admin/webhooks", T::Nothing, ADMIN).with(&[
            ("url", "http://127.0.0.1:9/hook"),
            ("allow_private", "on"),
            ("event.thread.created", "on"),
        ]),
        row("/admin/webhooks/{id}/remove", T::Webhook, ADMIN),
        row("/admin/webhooks/{id}/edit", T::Webhook, ADMIN).with(&[
            ("url", "http://127.0.0.1:9/changed"),
            ("allow_private", "on"),
            ("event.question.solved", "on"),
        ]),
        row("/admin/webhooks/{id}/ping", T::Webhook, ADMIN),
        row(
            "/admin/webhook-deliveries/{id}/redeliver",
            T::WebhookDelivery,
            ADMIN,
        ),
        // Single sign-on (off here).
        row("/auth/oidc/login", T::Nothing, NOBODY).only_with_sso(),
        row("/auth/oidc/username", T::Nothing, NOBODY)
            .only_with_sso()
            .with(&[("username", "sso_name")]),
        row("/auth/oidc/link", T::Nothing, NOBODY)
            .only_with_sso()
            .with(&[("password", PASSWORD)]),
    ]
}

/// Every `#[post("...")]` route under src/web/, with `{name:a|b}` segments
/// expanded into one route per alternative.
fn discovered_routes() -> BTreeSet<String> {
    fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("src/web is readable") {
            let path = entry.unwrap().path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/web"),
        &mut files,
    );
    // The JSON API's writes (under /api/v1, with tokens or a CSRF header, not
    // forms) have their own tests in api_tokens.rs.
    let api = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/web/integrations/api");
    files.retain(|f| !f.starts_with(&api));
    let mut routes = BTreeSet::new();
    for file in files {
        let source = std::fs::read_to_string(&file).unwrap();
        for (at, _) in source.match_indices("#[post(\"") {
            let rest = &source[at + "#[post(\"".len()..];
            let route = &rest[..rest.find('"').expect("a closed route string")];
            routes.extend(expand(route));
        }
    }
    routes
}

fn expand(route: &str) -> Vec<String> {
    let mut routes = vec![String::new()];
    for segment in route.split('/').skip(1) {
        let choices: Vec<String> = match segment
            .strip_prefix('{')
            .and_then(|s| s.strip_suffix('}'))
            .and_then(|s| s.split_once(':'))
        {
            Some((_, alternatives)) => {
                assert!(
                    alternatives.split('|').all(|a| !a.is_empty()
                        && a.chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')),
                    "route {route}: only `{{name:a|b|c}}` patterns can be expanded"
                );
                alternatives.split('|').map(str::to_owned).collect()
            }
            None => vec![segment.to_owned()],
        };
        routes = routes
            .iter()
            .flat_map(|r| choices.iter().map(move |c| format!("{r}/{c}")))
            .collect();
    }
    routes
}

/// A target made for one request: the value of the route's `{…}` and any
/// form fields that have to be fresh.
#[derive(Default)]
struct Prepared {
    value: Option<String>,
    fields: Vec<(String, String)>,
}

/// Fills the route's one `{…}` segment.
fn fill(route: &str, value: Option<&str>) -> String {
    match (route.find('{'), value) {
        (Some(start), Some(value)) => {
            let end = route[start..].find('}').unwrap() + start + 1;
            format!("{}{value}{}", &route[..start], &route[end..])
        }
        (None, None) => route.to_owned(),
        _ => panic!("route {route} and its target do not match"),
    }
}

/// The users of the matrix, each with their own cookie jar, plus a bystander
/// who writes what no role in the matrix owns.
struct Fx {
    apps: HashMap<Role, TestApp>,
    bystander: TestApp,
    /// Each logged-in role's session cookie, put back after every request.
    sessions: RefCell<HashMap<Role, String>>,
    password_hash: String,
    counter: Cell<u32>,
    /// (table, the query that reads its rows as text), for snapshots.
    dumps: Vec<(String, String)>,
    photo: Vec<u8>,
}

/// Lifts a suspension while its holder writes the content they own; puts it
/// back when dropped.
struct Lifted<'a>(Option<&'a TestApp>, Role);

impl Drop for Lifted<'_> {
    fn drop(&mut self) {
        if let Some(app) = self.0 {
            app.set_suspended(self.1.username(), Some(30));
        }
    }
}

#[derive(diesel::QueryableByName)]
struct Line {
    #[diesel(sql_type = diesel::sql_types::Text)]
    line: String,
}

impl Fx {
    async fn new(visitor: TestApp) -> Fx {
        let mut apps = HashMap::new();
        for role in ROLES.into_iter().filter(|r| *r != Visitor) {
            let app = visitor.visitor().await;
            let user_role = match role {
                Staff | SuspendedStaff => UserRole::Staff,
                Admin => UserRole::Admin,
                _ => UserRole::Member,
            };
            app.register_as(role.username(), user_role).await;
            if role.is_suspended() {
                app.set_suspended(role.username(), Some(30));
            }
            apps.insert(role, app);
        }
        let bystander = visitor.visitor().await;
        bystander
            .register("perm_bystander")
            .await
            .assert_status(303);
        apps.insert(Visitor, visitor);
        let sessions = apps
            .iter()
            .filter_map(|(role, app)| Some((*role, app.cookie(SESSION_COOKIE)?)))
            .collect();
        let mut jpeg = Vec::new();
        image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(
            16,
            12,
            image::Rgb([200, 90, 30]),
        ))
        .write_to(&mut Cursor::new(&mut jpeg), image::ImageFormat::Jpeg)
        .unwrap();
        let fx = Fx {
            dumps: table_dumps(&apps[&Visitor]),
            apps,
            bystander,
            sessions: RefCell::new(sessions),
            password_hash: fixloop::auth::password::hash_password(PASSWORD).unwrap(),
            counter: Cell::new(0),
            photo: jpeg,
        };
        let admin = fx.app(Admin);
        admin
            .post("/devices/new", &[("name", "Perm phone"), ("kind", "maker")])
            .await
            .assert_status(303);
        admin
            .post("/parts/new", &[("name", "Perm battery"), ("fits", DEVICE)])
            .await
            .assert_status(303);
        fx
    }

    fn app(&self, role: Role) -> &TestApp {
        &self.apps[&role]
    }

    fn next(&self) -> u32 {
        self.counter.set(self.counter.get() + 1);
        self.counter.get()
    }

    fn lift(&self, role: Role) -> Lifted<'_> {
        if role.is_suspended() {
            let app = self.app(role);
            app.set_suspended(role.username(), None);
            Lifted(Some(app), role)
        } else {
            Lifted(None, role)
        }
    }

    /// A link's token for a fresh member, as if it had been mailed to them.
    fn mailed_link(&self, purpose: &'static str) -> String {
        let name = self.plain_user(UserRole::Member, false);
        let token = fixloop::auth::random_token();
        let hash = fixloop::auth::session::hash_token(&token);
        self.app(Visitor).db(move |conn| {
            let user = fixloop::model::accounts::users::find_by_username(conn, &name)
                .unwrap()
                .unwrap();
            if purpose == "verify_email" {
                diesel::sql_query("UPDATE users SET email_verified_at = NULL WHERE id = $1")
                    .bind::<diesel::sql_types::BigInt, _>(user.id)
                    .execute(conn)
                    .unwrap();
            }
            let now = fixloop::model::now();
            fixloop::model::accounts::account_tokens::insert(
                conn,
                &fixloop::model::accounts::account_tokens::NewAccountToken {
                    user_id: user.id,
                    purpose,
                    token_hash: &hash,
                    email: &user.email,
                    created_at: now,
                    expires_at: now + chrono::Duration::hours(1),
                },
            )
            .unwrap();
        });
        token
    }

    /// A member of `role` (suspended like it) logged in in a jar of their
    /// own, for a request that acts on the sender's own account; their name.
    async fn stand_in(&self, role: Role) -> (TestApp, String) {
        let name = format!("perm_leaver_{}", self.next());
        let app = self.app(Visitor).visitor().await;
        let user_role = match role {
            Staff | SuspendedStaff => UserRole::Staff,
            Admin => UserRole::Admin,
            _ => UserRole::Member,
        };
        app.register_as(&name, user_role).await;
        if role.is_suspended() {
            app.set_suspended(&name, Some(30));
        }
        (app, name)
    }

    /// A member made straight in the database (the password is PASSWORD).
    fn plain_user(&self, role: UserRole, suspended: bool) -> String {
        let name = format!("perm_user_{}", self.next());
        let (key, hash) = (name.clone(), self.password_hash.clone());
        self.app(Visitor).db(move |conn| {
            fixloop::model::accounts::users::insert(
                conn,
                &fixloop::model::accounts::users::NewUser {
                    username: &key,
                    username_key: &fixloop::model::accounts::users::username_key(&key),
                    email: &format!("{key}@example.com"),
                    password_hash: &hash,
                    role: role.as_str(),
                    bio: "",
                    created_at: fixloop::model::now(),
                    email_verified_at: Some(fixloop::model::now()),
                },
            )
            .unwrap();
        });
        if suspended {
            self.app(Visitor).set_suspended(&name, Some(30));
        }
        name
    }

    async fn question_by(&self, author: &TestApp) -> i64 {
        let title = format!("Question {}: the fan rattles", self.next());
        thread_id(
            &author
                .start_thread("troubleshooting", &title, "", "It rattles.")
                .await,
        )
    }

    async fn question(&self, owner: Role) -> i64 {
        let _lifted = self.lift(owner);
        self.question_by(self.app(owner)).await
    }

    async fn reply(&self, owner: Role) -> i64 {
        let thread = self.question_by(&self.bystander).await;
        let _lifted = self.lift(owner);
        self.app(owner).reply(thread, "Try a new bearing.").await
    }

    async fn guide(&self, owner: Role) -> i64 {
        let _lifted = self.lift(owner);
        let title = format!("Guide {}: replace the fan", self.next());
        thread_id(
            &self
                .app(owner)
                .start_thread("guide", &title, "", "Intro.")
                .await,
        )
    }

    async fn step(&self, owner: Role, guide: i64) -> i64 {
        let _lifted = self.lift(owner);
        let page = self
            .app(owner)
            .post(
                &format!("/t/{guide}/steps"),
                &[("title", "A step"), ("body", "Do it.")],
            )
            .await;
        page.assert_status(303);
        page.location()
            .rsplit("#step-")
            .next()
            .unwrap()
            .parse()
            .unwrap()
    }

    /// An unread notification for `role` (about a new reply); its id.
    async fn notification_for(&self, role: Role) -> i64 {
        let thread = self.question_by(&self.bystander).await;
        let user = role.username();
        self.app(Visitor).db(move |conn| {
            let user = fixloop::model::accounts::users::find_by_username(conn, user)
                .unwrap()
                .unwrap();
            fixloop::model::accounts::notifications::insert_many(
                conn,
                &[fixloop::model::accounts::notifications::NewNotification {
                    user_id: user.id,
                    kind: "reply",
                    thread_id: Some(thread),
                    post_id: None,
                    actor_id: None,
                    created_at: fixloop::model::now(),
                    owned_device_id: None,
                    task_id: None,
                    due_on: None,
                }],
            )
            .unwrap();
            let sql = format!(
                "SELECT CAST(MAX(id) AS TEXT) AS line FROM notifications WHERE user_id = {}",
                user.id
            );
            diesel::sql_query(sql)
                .get_result::<Line>(conn)
                .unwrap()
                .line
                .parse()
                .unwrap()
        })
    }

    async fn by_admin(&self, path: String, fields: &[(&str, &str)]) {
        self.app(Admin).post(&path, fields).await.assert_status(303);
    }

    async fn prepare(&self, target: Target, acting: Role, owner: Role) -> Prepared {
        let id = |n: i64| Prepared {
            value: Some(n.to_string()),
            ..Prepared::default()
        };
        let named = |name: String| Prepared {
            value: Some(name),
            ..Prepared::default()
        };
        let opening = |thread: i64| {
            self.app(Visitor).db(move |conn| {
                fixloop::model::discussion::posts::opening_post(conn, thread)
                    .unwrap()
                    .id
            })
        };
        match target {
            T::Nothing => Prepared::default(),
            T::UnreadNotification => {
                if acting != Visitor {
                    self.notification_for(acting).await;
                }
                Prepared::default()
            }
            T::OwnersNotification => id(self.notification_for(owner).await),
            T::NewAccount => {
                let name = format!("perm_new_{}", self.next());
                Prepared {
                    value: None,
                    fields: vec![
                        ("email".into(), format!("{name}@example.com")),
                        ("username".into(), name),
                        ("password".into(), PASSWORD.into()),
                        ("password_confirm".into(), PASSWORD.into()),
                    ],
                }
            }
            T::ConfirmLink => Prepared {
                value: None,
                fields: vec![("token".into(), self.mailed_link("verify_email"))],
            },
            T::UndoLink => Prepared {
                value: None,
                fields: vec![
                    ("token".into(), self.mailed_link("undo_email_change")),
                    ("password".into(), PASSWORD.into()),
                    ("password_confirm".into(), PASSWORD.into()),
                ],
            },
            T::ResetLink => Prepared {
                value: None,
                fields: vec![
                    ("token".into(), self.mailed_link("reset_password")),
                    ("password".into(), PASSWORD.into()),
                    ("password_confirm".into(), PASSWORD.into()),
                ],
            },
            T::ExistingEmail => Prepared {
                value: None,
                fields: vec![(
                    "email".into(),
                    format!("{}@example.com", self.plain_user(UserRole::Member, false)),
                )],
            },
            T::ExistingAccount => Prepared {
                value: None,
                fields: vec![
                    ("login".into(), self.plain_user(UserRole::Member, false)),
                    ("password".into(), PASSWORD.into()),
                    ("next".into(), "/".into()),
                ],
            },
            T::NewSynonyms => {
                let n = self.next();
                Prepared {
                    value: None,
                    fields: vec![("terms".into(), format!("permsyn{n}a, permsyn{n}b"))],
                }
            }
            T::Webhook => id(self.app(Visitor).db(|conn| {
                fixloop::model::integrations::webhooks::insert(
                    conn,
                    "http://127.0.0.1:9/hook",
                    "secret",
                    true,
                    1,
                    &["thread.created"],
                    fixloop::model::now(),
                )
                .unwrap()
            })),
            T::WebhookDelivery => id(self.app(Visitor).db(|conn| {
                use fixloop::model::integrations::webhooks;
                let webhook = webhooks::insert(
                    conn,
                    "http://127.0.0.1:9/hook",
                    "secret",
                    true,
                    1,
                    &["thread.created"],
                    fixloop::model::now(),
                )
                .unwrap();
                fixloop::webhooks::enqueue_ping(conn, webhook).unwrap();
                webhooks::recent_deliveries(conn, webhook, 1).unwrap()[0].id
            })),
            T::Session | T::ActingSession => {
                let whose = if matches!(target, T::Session) {
                    owner
                } else {
                    acting
                };
                if whose != Visitor {
                    let user = whose.username();
                    self.app(Visitor).db(move |conn| {
                        let user = fixloop::model::accounts::users::find_by_username(conn, user)
                            .unwrap()
                            .unwrap();
                        fixloop::auth::session::create(
                            conn,
                            user.id,
                            &fixloop::auth::session::Origin::default(),
                        )
                        .unwrap();
                    });
                }
                match target {
                    T::Session => {
                        let user = owner.username();
                        id(self.app(Visitor).db(move |conn| {
                            use diesel::prelude::*;
                            use fixloop::db::schema::{sessions, users};
                            sessions::table
                                .inner_join(users::table)
                                .filter(users::username.eq(user))
                                .select(diesel::dsl::max(sessions::id))
                                .first::<Option<i64>>(conn)
                                .unwrap()
                                .unwrap()
                        }))
                    }
                    _ => Prepared::default(),
                }
            }
            T::ActingAvatar => {
                if acting != Visitor {
                    let user = acting.username();
                    self.app(Visitor).db(move |conn| {
                        let user = fixloop::model::accounts::users::find_by_username(conn, user)
                            .unwrap()
                            .unwrap();
                        let photo = fixloop::model::knowledge::photos::find_or_insert(
                            conn,
                            &"a".repeat(64),
                            "jpg",
                            (16, 12),
                            user.id,
                            fixloop::model::now(),
                        )
                        .unwrap();
                        fixloop::model::accounts::users::set_avatar(conn, user.id, Some(photo))
                            .unwrap();
                    });
                }
                Prepared::default()
            }
            T::SynonymGroup => {
                let n = self.next();
                id(self.app(Visitor).db(move |conn| {
                    fixloop::model::discovery::synonyms::insert_group(
                        conn,
                        &[format!("permgroup{n}a"), format!("permgroup{n}b")],
                        None,
                        fixloop::model::now(),
                    )
                    .unwrap()
                }))
            }
            T::UnsubscribeToken => {
                let name = self.plain_user(UserRole::Member, false);
                let app = self.app(Visitor);
                let user = app.db(move |conn| {
                    fixloop::model::accounts::users::find_by_username(conn, &name)
                        .unwrap()
                        .unwrap()
                        .id
                });
                let token = fixloop::mail::signing::unsubscribe_token(
                    &app.state.signing_keys,
                    user,
                    "followed_replies",
                    fixloop::model::now(),
                );
                Prepared {
                    value: None,
                    fields: vec![("token".into(), token)],
                }
            }
            T::NewPartName => Prepared {
                value: None,
                fields: vec![("name".into(), format!("Perm part {}", self.next()))],
            },
            T::Question => id(self.question(owner).await),
            T::LockedQuestion | T::PinnedQuestion => {
                let thread = self.question(owner).await;
                let lock = matches!(target, T::LockedQuestion);
                self.app(Visitor).db(move |conn| {
                    if lock {
                        fixloop::model::staff::moderation::set_locked(conn, thread, true).unwrap();
                    } else {
                        fixloop::model::staff::moderation::set_pinned(conn, thread, true).unwrap();
                    }
                });
                id(thread)
            }
            T::OthersQuestion => id(self.question_by(&self.bystander).await),
            T::FollowedQuestion => {
                let thread = self.question_by(&self.bystander).await;
                if acting != Visitor {
                    let _lifted = self.lift(acting);
                    let page = self
                        .app(acting)
                        .post(&format!("/t/{thread}/follow"), &[])
                        .await;
                    page.assert_status(303);
                }
                id(thread)
            }
            T::OpeningPost => id(opening(self.question(owner).await)),
            T::Reply => id(self.reply(owner).await),
            T::HiddenReply => {
                let post = self.reply(owner).await;
                self.app(Visitor).db(move |conn| {
                    let now = fixloop::model::now();
                    fixloop::model::staff::moderation::set_hidden(
                        conn,
                        post,
                        true,
                        Some("r"),
                        None,
                        Some(now),
                    )
                    .unwrap();
                });
                id(post)
            }
            T::FlaggedReply => {
                let post = self.reply(owner).await;
                self.bystander
                    .post(&format!("/posts/{post}/flag"), &[("reason", "spam")])
                    .await
                    .assert_status(303);
                id(post)
            }
            T::VerifiedReply => {
                let post = self.reply(owner).await;
                self.by_admin(format!("/posts/{post}/verify"), &[("note", "")])
                    .await;
                id(post)
            }
            T::VotedReply => {
                let thread = self.question_by(&self.bystander).await;
                let post = self.bystander.reply(thread, "Mine.").await;
                if acting != Visitor {
                    let _lifted = self.lift(acting);
                    let page = self
                        .app(acting)
                        .post(&format!("/posts/{post}/vote"), &[])
                        .await;
                    page.assert_status(303);
                }
                id(post)
            }
            T::AnswerToQuestion => {
                let thread = self.question(owner).await;
                id(self.bystander.reply(thread, "Replace the bearing.").await)
            }
            T::SolvedQuestion => {
                let thread = self.question(owner).await;
                let post = self.bystander.reply(thread, "Replace the bearing.").await;
                self.by_admin(format!("/posts/{post}/solution"), &[]).await;
                id(thread)
            }
            T::EscalatedQuestion | T::ClaimedQuestion => {
                let thread = self.question(owner).await;
                {
                    let _lifted = self.lift(owner);
                    let page = self
                        .app(owner)
                        .post(&format!("/t/{thread}/escalate"), &[])
                        .await;
                    page.assert_status(303);
                }
                if matches!(target, T::ClaimedQuestion) {
                    self.by_admin(format!("/t/{thread}/claim"), &[]).await;
                }
                id(thread)
            }
            T::StaleSolution | T::SolutionInQuestion => {
                let n = self.next();
                let slug = format!("perm-fw-maker-{n}");
                self.by_admin(
                    "/devices/new".into(),
                    &[("name", &format!("Perm fw maker {n}")), ("kind", "maker")],
                )
                .await;
                let release = |version: &'static str, on: &'static str| {
                    [("version", version), ("released_on", on), ("notes", "")]
                };
                let releases = format!("/staff/devices/{slug}/firmware");
                self.by_admin(releases.clone(), &release("1.0", "2026-01-10"))
                    .await;
                let thread = {
                    let _lifted = self.lift(owner);
                    thread_id(
                        &self
                            .app(owner)
                            .start_thread(
                                "troubleshooting",
                                "The fw fan rattles",
                                &slug,
                                "It rattles.",
                            )
                            .await,
                    )
                };
                let post = self.bystander.reply(thread, "Replace the bearing.").await;
                self.by_admin(format!("/posts/{post}/solution"), &[("firmware", "1.0")])
                    .await;
                self.by_admin(releases, &release("1.1", "2026-06-10")).await;
                if matches!(target, T::SolutionInQuestion) {
                    // As three trusted reports would leave it.
                    self.app(Admin).db(|conn| {
                        use diesel::prelude::*;
                        use fixloop::db::schema::{firmware_releases, solution_reviews};
                        let release: i64 = firmware_releases::table
                            .filter(firmware_releases::version.eq("1.1"))
                            .order(firmware_releases::id.desc())
                            .select(firmware_releases::id)
                            .first(conn)
                            .unwrap();
                        diesel::insert_into(solution_reviews::table)
                            .values((
                                solution_reviews::thread_id.eq(thread),
                                solution_reviews::post_id.eq(post),
                                solution_reviews::release_id.eq(release),
                                solution_reviews::opened_at.eq(fixloop::model::now()),
                                solution_reviews::outcome.eq("open"),
                            ))
                            .execute(conn)
                            .unwrap();
                    });
                }
                id(post)
            }
            T::SwapReport => {
                let _lifted = self.lift(owner);
                let title = format!("Swap {}: a bigger battery", self.next());
                let page = self
                    .app(owner)
                    .post(
                        "/threads/new",
                        &[
                            ("kind", "part_swap"),
                            ("title", &title),
                            ("device", DEVICE),
                            ("part", PART),
                            ("outcome", "works"),
                            ("caveats", ""),
                            ("body", "It fits."),
                            ("action", "post"),
                        ],
                    )
                    .await;
                page.assert_status(303);
                id(thread_id(&page.location()))
            }
            T::Part => {
                let n = self.next();
                self.by_admin(
                    "/parts/new".into(),
                    &[("name", &format!("Perm part {n}")), ("fits", "")],
                )
                .await;
                named(format!("perm-part-{n}"))
            }
            T::Device => {
                let n = self.next();
                self.by_admin(
                    "/devices/new".into(),
                    &[("name", &format!("Perm maker {n}")), ("kind", "maker")],
                )
                .await;
                named(format!("perm-maker-{n}"))
            }
            T::OwnedDevice | T::MaintenanceTask => {
                let n = self.next();
                self.by_admin(
                    "/devices/new".into(),
                    &[("name", &format!("Perm maker {n}")), ("kind", "maker")],
                )
                .await;
                let (slug, user) = (format!("perm-maker-{n}"), owner.username());
                let (owned, task) = self.app(Visitor).db(move |conn| {
                    use fixloop::model::{
                        before_service::maintenance, before_service::owned_devices,
                        knowledge::devices,
                    };
                    let device = devices::find_by_slug(conn, &slug).unwrap().unwrap();
                    let now = fixloop::model::now();
                    let task = maintenance::insert(
                        conn,
                        &maintenance::NewTask {
                            device_id: device.id,
                            created_by_id: None,
                            created_at: now,
                            fields: maintenance::TaskFields {
                                title: "Perm task",
                                why: "",
                                interval_count: Some(3),
                                interval_unit: Some("months"),
                                usage_hint: "",
                                guide_id: None,
                                updated_at: now,
                            },
                        },
                    )
                    .unwrap();
                    let user = fixloop::model::accounts::users::find_by_username(conn, user)
                        .unwrap()
                        .unwrap();
                    let fields = owned_devices::OwnedFields {
                        nickname: "",
                        purchased_on: None,
                        firmware: "",
                        shown_on_profile: false,
                    };
                    owned_devices::upsert(conn, user.id, device.id, &fields, now).unwrap();
                    let owned = owned_devices::find_by_device(conn, user.id, device.id)
                        .unwrap()
                        .unwrap();
                    (owned.id, task.id)
                });
                match target {
                    T::OwnedDevice => Prepared {
                        value: Some(owned.to_string()),
                        fields: vec![("task".into(), task.to_string())],
                    },
                    _ => id(task),
                }
            }
            T::ApiToken => {
                let user = owner.username();
                id(self.app(Visitor).db(move |conn| {
                    use fixloop::model::integrations::api_tokens;
                    let user = fixloop::model::accounts::users::find_by_username(conn, user)
                        .unwrap()
                        .unwrap();
                    let hash = fixloop::auth::random_token();
                    api_tokens::insert(
                        conn,
                        &api_tokens::NewToken {
                            user_id: user.id,
                            name: "perm",
                            scope: "read",
                            token_hash: &hash,
                            created_at: fixloop::model::now(),
                            expires_at: None,
                        },
                    )
                    .unwrap()
                    .id
                }))
            }
            T::SignIn => {
                let user = owner.username();
                id(self.app(Visitor).db(move |conn| {
                    let user = fixloop::model::accounts::users::find_by_username(conn, user)
                        .unwrap()
                        .unwrap();
                    let subject = fixloop::auth::random_token();
                    fixloop::model::accounts::oidc::insert_identity(
                        conn,
                        &fixloop::model::accounts::oidc::NewIdentity {
                            issuer: "https://id.example.com",
                            subject: &subject,
                            user_id: user.id,
                            created_at: fixloop::model::now(),
                            last_login_at: fixloop::model::now(),
                        },
                    )
                    .unwrap();
                    fixloop::model::accounts::oidc::identities_of(conn, user.id)
                        .unwrap()
                        .last()
                        .unwrap()
                        .id
                }))
            }
            T::Guide => id(self.guide(owner).await),
            T::GuideStep => {
                let guide = self.guide(owner).await;
                id(self.step(owner, guide).await)
            }
            T::FirstOfTwoSteps => {
                let guide = self.guide(owner).await;
                let first = self.step(owner, guide).await;
                self.step(owner, guide).await;
                id(first)
            }
            T::KnownIssue | T::LinkedToKnownIssue => {
                let n = self.next();
                let page = self
                    .app(Admin)
                    .post(
                        "/known-issues/new",
                        &[
                            ("title", &format!("Perm known issue {n}")),
                            ("device", DEVICE),
                            ("body", "It fails."),
                            ("status", "investigating"),
                        ],
                    )
                    .await;
                page.assert_status(303);
                let issue = page
                    .location()
                    .trim_start_matches("/known-issues/")
                    .to_owned();
                let question = self.question_by(&self.bystander).await.to_string();
                if matches!(target, T::LinkedToKnownIssue) {
                    self.by_admin(
                        format!("/known-issues/{issue}/link"),
                        &[("thread", &question)],
                    )
                    .await;
                }
                let guide = thread_id(
                    &self
                        .bystander
                        .start_thread("guide", &format!("Perm guide {n}"), "", "Intro.")
                        .await,
                );
                Prepared {
                    value: Some(issue),
                    fields: vec![
                        ("thread".into(), question),
                        ("best_fix".into(), format!("/t/{guide}")),
                    ],
                }
            }
            T::Idea | T::VotedIdea => {
                let n = self.next();
                let page = self
                    .bystander
                    .post(
                        "/ideas/new",
                        &[
                            ("title", &format!("Perm idea {n}")),
                            ("device", DEVICE),
                            ("body", "Make it better."),
                        ],
                    )
                    .await;
                page.assert_status(303);
                let idea = page.location().trim_start_matches("/ideas/").to_owned();
                if matches!(target, T::VotedIdea) && acting != Visitor {
                    let _lifted = self.lift(acting);
                    self.app(acting)
                        .post(&format!("/ideas/{idea}/vote"), &[])
                        .await
                        .assert_status(303);
                }
                Prepared {
                    value: Some(idea),
                    fields: Vec::new(),
                }
            }
            T::HiddenStep => {
                let guide = self.guide(owner).await;
                let step = self.step(owner, guide).await;
                self.by_admin(format!("/steps/{step}/hide"), &[("reason", "Unsafe")])
                    .await;
                id(step)
            }
            T::Member => named(self.plain_user(UserRole::Member, false)),
            T::StaffMember => named(self.plain_user(UserRole::Staff, false)),
            T::SuspendedMember => named(self.plain_user(UserRole::Member, true)),
            T::SuspendedStaffMember => named(self.plain_user(UserRole::Staff, true)),
            T::MemberToDelete => {
                let name = self.plain_user(UserRole::Member, false);
                Prepared {
                    value: Some(name.clone()),
                    fields: vec![("confirm".into(), name)],
                }
            }
            T::Myself => named(match acting {
                Visitor => "perm_bystander".into(),
                role => role.username().into(),
            }),
        }
    }

    /// Every row of every table (as text, sorted) and the uploaded files.
    fn snapshot(&self) -> BTreeMap<String, Vec<String>> {
        let app = self.app(Visitor);
        let mut all: BTreeMap<String, Vec<String>> = self
            .dumps
            .iter()
            .map(|(table, sql)| {
                let mut rows: Vec<String> = app.db(|conn| {
                    diesel::sql_query(sql.as_str())
                        .load::<Line>(conn)
                        .unwrap_or_else(|e| panic!("{sql}: {e}"))
                        .into_iter()
                        .map(|l| l.line)
                        .collect()
                });
                rows.sort();
                (table.clone(), rows)
            })
            .collect();
        let mut files = Vec::new();
        list_files(&app.state.config.uploads_dir(), &mut files);
        files.sort();
        all.insert("(uploads)".into(), files);
        all
    }

    /// Puts each jar back as it was: the same member logged in (again, if
    /// the request logged them out), the visitor logged out.
    async fn restore(&self, role: Role) {
        let app = self.app(role);
        let saved = self.sessions.borrow().get(&role).cloned();
        match saved {
            None => app.clear_cookie(SESSION_COOKIE),
            Some(token) => {
                app.set_cookie(SESSION_COOKIE, &token);
                if app.get("/notifications").await.status != 200 {
                    app.login(role.username(), PASSWORD)
                        .await
                        .assert_status(303);
                    let token = app.cookie(SESSION_COOKIE).expect("logged in again");
                    self.sessions.borrow_mut().insert(role, token);
                }
            }
        }
    }
}

fn list_files(dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            list_files(&path, out);
        } else {
            out.push(path.to_string_lossy().into_owned());
        }
    }
}

/// For each table of the database, a query that reads each row as one line of
/// text. Tables are found in the catalogue, so new tables are covered too.
fn table_dumps(app: &TestApp) -> Vec<(String, String)> {
    let names = |sql: String| -> Vec<String> {
        app.db(|conn| {
            diesel::sql_query(sql)
                .load::<Line>(conn)
                .unwrap()
                .into_iter()
                .map(|l| l.line)
                .collect()
        })
    };
    let postgres = app.db_label == "postgres";
    let tables = if postgres {
        names(
            "SELECT table_name::text AS line FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
                .into(),
        )
    } else {
        // Full-text tables (and their shadow tables) follow search_docs.
        names(
            "SELECT name AS line FROM sqlite_master m WHERE type = 'table' \
             AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND NOT EXISTS ( \
               SELECT 1 FROM sqlite_master v WHERE v.sql LIKE 'CREATE VIRTUAL TABLE%' \
               AND (m.name = v.name OR m.name LIKE v.name || '\\_%' ESCAPE '\\'))"
                .into(),
        )
    };
    tables
        .into_iter()
        .map(|table| {
            let columns = names(if postgres {
                format!(
                    "SELECT column_name::text AS line FROM information_schema.columns \
                     WHERE table_schema = current_schema() AND table_name = '{table}' \
                     ORDER BY ordinal_position"
                )
            } else {
                format!("SELECT name AS line FROM pragma_table_info('{table}')")
            });
            let line = columns
                .iter()
                .map(|c| format!("COALESCE(CAST(\"{c}\" AS TEXT), '-')"))
                .collect::<Vec<_>>()
                .join(" || '|' || ");
            let sql = format!("SELECT {line} AS line FROM \"{table}\"");
            (table, sql)
        })
        .collect()
}

fn changed_tables(
    before: &BTreeMap<String, Vec<String>>,
    after: &BTreeMap<String, Vec<String>>,
) -> Vec<String> {
    after
        .iter()
        .filter(|(table, rows)| before.get(*table) != Some(rows))
        .map(|(table, _)| table.clone())
        .collect()
}

fn excerpt(page: &Page) -> String {
    let text: String = page.body.chars().take(300).collect();
    text.replace('\n', " ")
}

/// Sends one row's request as one role; what went wrong, if anything.
async fn check(fx: &Fx, label: &str, row: &Row, role: Role) -> Vec<String> {
    let prepared = fx.prepare(row.target, role, row.owner_when(role)).await;
    let path = fill(row.route, prepared.value.as_deref());
    let mut fields: Vec<(&str, &str)> = row.fields.to_vec();
    fields.extend(
        prepared
            .fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str())),
    );
    let stand_in = if row.own_account && role != Visitor {
        Some(fx.stand_in(role).await)
    } else {
        None
    };
    if let Some((_, name)) = &stand_in {
        fields.extend([("password", PASSWORD), ("confirm", name.as_str())]);
    }
    let app = stand_in.as_ref().map_or(fx.app(role), |(app, _)| app);
    let before = fx.snapshot();
    let page = if row.photo {
        app.post_file(&path, "photo", &fx.photo, true).await
    } else {
        app.post(&path, &fields).await
    };
    let changed = changed_tables(&before, &fx.snapshot());
    if stand_in.is_none() {
        fx.restore(role).await;
    }

    let status = page.status.as_u16();
    let case = format!(
        "[{label}] POST {} ({:?}) as {role:?}",
        row.route, row.target
    );
    let mut failures = Vec::new();
    if row.only_with_sso {
        if status != 404 || !changed.is_empty() {
            failures.push(format!(
                "{case}: single sign-on is off, yet answered {status} and changed {changed:?}"
            ));
        }
        return failures;
    }
    if row.allowed.contains(&role) {
        let success = if row.answers_ok { 200 } else { 303 };
        if status != success {
            failures.push(format!(
                "{case}: allowed, but answered {status}: {}",
                excerpt(&page)
            ));
        } else if changed.is_empty() && !row.quiet {
            failures.push(format!("{case}: answered {status} but changed nothing"));
        }
        return failures;
    }
    let want = row.refusal(role);
    if status != want {
        failures.push(format!(
            "{case}: refused should answer {want}, answered {status}: {}",
            excerpt(&page)
        ));
    }
    if !changed.is_empty() {
        failures.push(format!("{case}: refused, yet changed {changed:?}"));
    }
    if row.allowed_but_for_suspension(role) && !page.body.contains("suspended") {
        failures.push(format!(
            "{case}: refused, but not for the suspension: {}",
            excerpt(&page)
        ));
    }
    failures
}

#[actix_web::test]
async fn every_post_route_checks_who_may_use_it() {
    let table = table();
    // The table lists exactly the routes the handlers declare.
    let discovered = discovered_routes();
    let listed: BTreeSet<String> = table.iter().map(|r| r.route.to_owned()).collect();
    let missing: Vec<_> = discovered.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&discovered).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "the permission table is out of date.\n  POST routes without a row: {missing:?}\n  \
         rows for routes that no longer exist: {stale:?}"
    );

    each_db(|app| {
        let table = &table;
        async move {
            let label = app.db_label;
            let fx = Fx::new(app).await;
            let mut failures = Vec::new();
            for row in table {
                for role in ROLES {
                    failures.extend(check(&fx, label, row, role).await);
                }
            }
            assert!(
                failures.is_empty(),
                "{} permission failures:\n{}",
                failures.len(),
                failures.join("\n")
            );
        }
    })
    .await;
}
