//! The rules of the forum: who may do what, and the state changes that follow.
//! Every write goes through here. No HTTP, no SQL strings: `model` does the SQL.

pub mod accounts;
pub mod before_service;
pub mod discovery;
pub mod discussion;
pub mod integrations;
pub mod knowledge;
pub mod staff;

use chrono::NaiveDateTime;

use crate::db::DbConn;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::Message;
use crate::model::accounts::users::Role;

/// Someone acting on the forum: the logged-in member behind a request, or an
/// operator's CLI command acting as a user.
#[derive(Debug, Clone)]
pub struct Actor {
    pub id: i64,
    pub role: Role,
    pub suspended_until: Option<NaiveDateTime>,
    pub reputation: i32,
    pub post_count: i32,
    /// Unverified accounts keep a new member's limits whatever their reputation.
    pub email_verified: bool,
}

impl From<&crate::auth::CurrentUser> for Actor {
    fn from(user: &crate::auth::CurrentUser) -> Actor {
        Actor {
            id: user.id,
            role: user.role,
            suspended_until: user.suspended_until,
            reputation: user.reputation,
            post_count: user.post_count,
            email_verified: user.email_verified,
        }
    }
}

impl From<&crate::model::accounts::users::User> for Actor {
    fn from(user: &crate::model::accounts::users::User) -> Actor {
        Actor {
            id: user.id,
            role: Role::parse(&user.role).unwrap_or(Role::Member),
            suspended_until: user.suspended_until,
            reputation: user.reputation,
            post_count: user.post_count,
            email_verified: user.email_verified_at.is_some(),
        }
    }
}

/// The community's trust settings (from the configuration).
#[derive(Debug, Clone)]
pub struct Policy {
    /// Members with at least this reputation (and staff) are trusted: no
    /// new-member limits, and their flags count towards hiding a post.
    pub trusted_reputation: i32,
    /// Posts (threads and replies) a new member may write in an hour.
    pub new_member_posts_per_hour: i64,
    /// A member's first this-many posts may not contain links or images.
    pub new_member_link_free_posts: i32,
    /// Failed logins allowed in the window: for one account from one client
    /// address (slows guessing without locking the owner out elsewhere), for
    /// one account from all addresses (a higher ceiling against guessing from
    /// many), and from one address across all accounts.
    pub login_failures_per_account_and_address: i64,
    pub login_failures_per_account: i64,
    pub login_failures_per_address: i64,
    pub login_window_minutes: i64,
    /// Sign-up attempts allowed per client address in an hour.
    pub signups_per_address_per_hour: i64,
    /// Requests one API token may make in a minute.
    pub api_requests_per_minute: i64,
    /// Photos a member may upload in an hour (each one is decoded: CPU and
    /// memory), and fewer for a new member.
    pub photos_per_hour: i64,
    pub new_member_photos_per_hour: i64,
    /// The private line (one message fans out to every staff member, with
    /// mail): messages a member may send in an hour, trusted or new, and
    /// how many an account may send before its address is confirmed (one:
    /// enough for a customer to reach staff).
    pub private_messages_per_hour: i64,
    pub new_member_private_messages_per_hour: i64,
    pub unconfirmed_private_messages: i64,
    /// Questions a member may escalate to staff in a day, trusted or new.
    pub escalations_per_day: i64,
    pub new_member_escalations_per_day: i64,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            trusted_reputation: 20,
            new_member_posts_per_hour: 5,
            new_member_link_free_posts: 2,
            login_failures_per_account_and_address: 5,
            login_failures_per_account: 50,
            login_failures_per_address: 20,
            login_window_minutes: 15,
            signups_per_address_per_hour: 10,
            api_requests_per_minute: 120,
            photos_per_hour: 60,
            new_member_photos_per_hour: 10,
            private_messages_per_hour: 30,
            new_member_private_messages_per_hour: 10,
            unconfirmed_private_messages: 1,
            escalations_per_day: 5,
            new_member_escalations_per_day: 2,
        }
    }
}

impl Policy {
    /// The community's trust settings as configured: the forum reads its
    /// plain values from `Config` (which sits below it and names no forum type).
    pub fn from_config(config: &crate::config::Config) -> Policy {
        Policy {
            trusted_reputation: config.trusted_reputation,
            new_member_posts_per_hour: config.new_member_posts_per_hour,
            new_member_link_free_posts: config.new_member_link_free_posts,
            login_failures_per_account_and_address: config.login_failures_per_account_and_address,
            login_failures_per_account: config.login_failures_per_account,
            login_failures_per_address: config.login_failures_per_address,
            signups_per_address_per_hour: config.signups_per_address_per_hour,
            api_requests_per_minute: config.api_requests_per_minute,
            photos_per_hour: config.photos_per_hour,
            new_member_photos_per_hour: config.new_member_photos_per_hour,
            private_messages_per_hour: config.private_messages_per_hour,
            new_member_private_messages_per_hour: config.new_member_private_messages_per_hour,
            escalations_per_day: config.escalations_per_day,
            new_member_escalations_per_day: config.new_member_escalations_per_day,
            ..Policy::default()
        }
    }

    /// No new-member limits at all (the demo loader and bulk tools).
    pub fn unlimited() -> Policy {
        Policy {
            trusted_reputation: i32::MIN,
            ..Policy::default()
        }
    }

    pub fn is_trusted(&self, actor: &Actor) -> bool {
        actor.email_verified && (actor.is_staff() || actor.reputation >= self.trusted_reputation)
    }

    /// New members publish a few times an hour, and their first posts carry
    /// no links. Every write that publishes text counts: new posts, edits and
    /// guide steps (`has_links` comes from the text's [`Rendered`] form).
    ///
    /// [`Rendered`]: crate::render::markdown::Rendered
    pub fn check_new_member_limits(
        &self,
        conn: &mut DbConn,
        actor: &Actor,
        has_links: bool,
    ) -> AppResult<()> {
        if self.is_trusted(actor) {
            return Ok(());
        }
        let since = crate::model::now() - chrono::Duration::hours(1);
        let published =
            crate::model::discussion::posts::count_writes_by_author_since(conn, actor.id, since)?
                + crate::model::knowledge::guides::count_step_writes_since(conn, actor.id, since)?;
        if published >= self.new_member_posts_per_hour {
            let mut errors = FieldErrors::new();
            errors.insert(
                "form",
                Message::new("err-forum-new-members-can-post-new")
                    .with("new_member_posts_per_hour", self.new_member_posts_per_hour),
            );
            return Err(AppError::Limited(errors));
        }
        self.check_link_free(actor, has_links, "body")
    }

    /// A new member's first posts carry no links or images (said next to
    /// `field`).
    fn check_link_free(
        &self,
        actor: &Actor,
        has_links: bool,
        field: &'static str,
    ) -> AppResult<()> {
        if !self.is_trusted(actor)
            && actor.post_count < self.new_member_link_free_posts
            && has_links
        {
            return Err(AppError::invalid(
                field,
                Message::new("err-forum-first-new-member-link-free").with(
                    "new_member_link_free_posts",
                    self.new_member_link_free_posts,
                ),
            ));
        }
        Ok(())
    }

    /// What the private line allows this member, as its form says it.
    pub fn private_line_limits(&self, actor: &Actor) -> PrivateLineLimits {
        let trusted = self.is_trusted(actor);
        PrivateLineLimits {
            unlimited: actor.is_staff(),
            confirmed: actor.email_verified,
            unconfirmed_messages: self.unconfirmed_private_messages,
            per_hour: if trusted {
                self.private_messages_per_hour
            } else {
                self.new_member_private_messages_per_hour
            },
            escalations_per_day: if trusted {
                self.escalations_per_day
            } else {
                self.new_member_escalations_per_day
            },
            links_allowed: trusted || actor.post_count >= self.new_member_link_free_posts,
        }
    }

    /// Before a private message is written (inside its transaction): staff
    /// answer without limits; an unconfirmed account sends
    /// `unconfirmed_private_messages` (then 403: confirming the address
    /// opens the line), members a few an hour (429), and a new member's
    /// messages carry no links or images, as their posts (422).
    pub fn check_private_message_limits(
        &self,
        conn: &mut DbConn,
        actor: &Actor,
        has_links: bool,
    ) -> AppResult<()> {
        if actor.is_staff() {
            return Ok(());
        }
        let limits = self.private_line_limits(actor);
        if !actor.email_verified
            && crate::model::discussion::private_messages::count_by_author_since(
                conn, actor.id, None,
            )? >= self.unconfirmed_private_messages
        {
            return Err(AppError::Forbidden(
                Message::new("err-forum-confirm-address-first")
                    .with("count", self.unconfirmed_private_messages),
            ));
        }
        let since = crate::model::now() - chrono::Duration::hours(1);
        let sent = crate::model::discussion::private_messages::count_by_author_since(
            conn,
            actor.id,
            Some(since),
        )?;
        if sent >= limits.per_hour {
            return Err(AppError::invalid_limited(
                "message",
                Message::new("err-forum-can-send-per-hour-private")
                    .with("per_hour", limits.per_hour),
            ));
        }
        self.check_link_free(actor, has_links, "message")
    }

    /// Before a question is escalated (inside its transaction): a few a day
    /// per member, fewer for new members (429).
    pub fn check_escalation_limits(&self, conn: &mut DbConn, actor: &Actor) -> AppResult<()> {
        if actor.is_staff() {
            return Ok(());
        }
        let per_day = self.private_line_limits(actor).escalations_per_day;
        let since = crate::model::now() - chrono::Duration::days(1);
        if crate::model::discussion::escalations::count_requested_since(conn, actor.id, since)?
            >= per_day
        {
            return Err(AppError::invalid_limited(
                "form",
                Message::new("err-forum-can-ask-staff-help-per").with("per_day", per_day),
            ));
        }
        Ok(())
    }
}

/// The private line's limits for one member, for its form.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PrivateLineLimits {
    /// Staff: no limits.
    pub unlimited: bool,
    pub confirmed: bool,
    /// Messages an account sends before its address is confirmed.
    pub unconfirmed_messages: i64,
    pub per_hour: i64,
    pub escalations_per_day: i64,
    pub links_allowed: bool,
}

/// The permission checks, in one place. A suspension takes away every power
/// that changes something, staff and admin powers included: only logging out,
/// reading notifications and looking after one's own account (password,
/// address: `recovery`) stay open (they are not checked here).
impl Actor {
    pub fn is_staff(&self) -> bool {
        self.role.is_staff()
    }

    pub fn is_suspended(&self) -> bool {
        self.suspended_until
            .is_some_and(|until| until > crate::model::now())
    }

    /// Any change at all (posting, voting, following, staff actions): anyone
    /// logged in who is not suspended.
    pub fn ensure_can_write(&self) -> AppResult<()> {
        match self.suspended_until {
            Some(until) if self.is_suspended() => Err(AppError::forbidden(
                Message::new("err-forum-account-suspended-until-m-utc")
                    .with("until", Message::date("date-time-bare", until)),
            )),
            _ => Ok(()),
        }
    }

    /// Authors edit their own posts; staff may edit anyone's.
    pub fn can_edit_post(&self, author_id: i64) -> bool {
        self.id == author_id || self.is_staff()
    }

    pub fn ensure_can_edit_post(&self, author_id: i64) -> AppResult<()> {
        self.ensure_can_write()?;
        if self.can_edit_post(author_id) {
            Ok(())
        } else {
            Err(AppError::forbidden("err-forum-can-only-edit-own-posts"))
        }
    }

    /// Staff (and admin) powers, which a suspension takes away too.
    pub fn ensure_staff(&self, message: &'static str) -> AppResult<()> {
        if !self.is_staff() {
            return Err(AppError::forbidden(message));
        }
        self.ensure_can_write()
    }

    /// Admin powers, which a suspension takes away too.
    pub fn ensure_admin(&self, message: &'static str) -> AppResult<()> {
        if self.role != Role::Admin {
            return Err(AppError::forbidden(message));
        }
        self.ensure_can_write()
    }

    /// The device catalogue is kept by admins.
    pub fn ensure_can_manage_devices(&self) -> AppResult<()> {
        self.ensure_admin("err-forum-only-admins-can-change-device")
    }

    /// Suspending someone or lifting their suspension: staff, never on
    /// themselves (a suspended member cannot let themselves out), and only an
    /// admin acts on staff or admins.
    pub fn ensure_can_discipline(
        &self,
        target_id: i64,
        target_role: Role,
        lifting: bool,
    ) -> AppResult<()> {
        self.ensure_staff(if lifting {
            "err-forum-only-staff-can-lift-suspensions"
        } else {
            "err-forum-only-staff-can-suspend-members"
        })?;
        if target_id == self.id {
            return Err(AppError::forbidden(if lifting {
                "err-forum-cannot-lift-own-suspension"
            } else {
                "err-forum-cannot-suspend-yourself"
            }));
        }
        if target_role.is_staff() && self.role != Role::Admin {
            return Err(AppError::forbidden(if lifting {
                "err-forum-only-admins-can-lift-staff"
            } else {
                "err-forum-only-admins-can-suspend-staff"
            }));
        }
        Ok(())
    }

    /// The asker chooses the solution; staff may do it on the asker's behalf.
    pub fn ensure_can_mark_solution(&self, asker_id: i64) -> AppResult<()> {
        self.ensure_can_write()?;
        if self.id == asker_id || self.is_staff() {
            Ok(())
        } else {
            Err(AppError::forbidden("err-forum-only-person-who-asked-staff"))
        }
    }

    /// A locked thread takes replies from staff only.
    pub fn ensure_can_reply(&self, thread_locked: bool) -> AppResult<()> {
        self.ensure_can_write()?;
        if thread_locked && !self.is_staff() {
            return Err(AppError::forbidden("err-forum-thread-locked-takes-no-new"));
        }
        Ok(())
    }
}

/// Collects field messages and turns them into one `Invalid` error.
#[derive(Default)]
pub struct Checks(FieldErrors);

impl Checks {
    pub fn add(&mut self, field: &'static str, message: impl Into<Message>) {
        self.0.entry(field).or_insert_with(|| message.into());
    }

    pub fn finish(self) -> AppResult<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(self.0))
        }
    }
}

/// Length in characters, as people count them.
pub fn chars(s: &str) -> usize {
    s.chars().count()
}
