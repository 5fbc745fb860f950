//! The rules of the forum: who may do what, and the state changes that follow.
//! Every write goes through here. No HTTP, no SQL strings: `model` does the SQL.

pub mod accounts;
pub mod answers;
pub mod dashboard;
pub mod devices;
pub mod escalations;
pub mod threads;

use chrono::NaiveDateTime;

use crate::error::{AppError, AppResult, FieldErrors};
use crate::model::users::Role;

/// Someone acting on the forum: the logged-in member behind a request, or an
/// operator's CLI command acting as a user.
#[derive(Debug, Clone)]
pub struct Actor {
    pub id: i64,
    pub role: Role,
    pub suspended_until: Option<NaiveDateTime>,
}

impl From<&crate::auth::CurrentUser> for Actor {
    fn from(user: &crate::auth::CurrentUser) -> Actor {
        Actor {
            id: user.id,
            role: user.role,
            suspended_until: user.suspended_until,
        }
    }
}

/// The permission checks, in one place.
impl Actor {
    pub fn is_staff(&self) -> bool {
        self.role.is_staff()
    }

    /// Posting, replying and editing: anyone logged in who is not suspended.
    pub fn ensure_can_write(&self) -> AppResult<()> {
        match self.suspended_until {
            Some(until) if until > crate::model::now() => Err(AppError::forbidden(format!(
                "Your account is suspended until {} UTC; you can read but not post.",
                until.format("%-d %b %Y %H:%M")
            ))),
            _ => Ok(()),
        }
    }

    /// Authors edit their own posts; staff may edit anyone's.
    pub fn can_edit_post(&self, author_id: i64) -> bool {
        self.id == author_id || self.is_staff()
    }

    pub fn ensure_can_edit_post(&self, author_id: i64) -> AppResult<()> {
        if self.can_edit_post(author_id) {
            Ok(())
        } else {
            Err(AppError::forbidden("You can only edit your own posts."))
        }
    }

    /// The device catalogue is kept by admins.
    pub fn ensure_can_manage_devices(&self) -> AppResult<()> {
        if self.role == Role::Admin {
            Ok(())
        } else {
            Err(AppError::forbidden(
                "Only admins can change the device catalogue.",
            ))
        }
    }

    pub fn ensure_staff(&self, message: &str) -> AppResult<()> {
        if self.is_staff() {
            Ok(())
        } else {
            Err(AppError::forbidden(message))
        }
    }

    /// The asker chooses the solution; staff may do it on the asker's behalf.
    pub fn ensure_can_mark_solution(&self, asker_id: i64) -> AppResult<()> {
        if self.id == asker_id || self.is_staff() {
            Ok(())
        } else {
            Err(AppError::forbidden(
                "Only the person who asked (or staff) can choose the solution.",
            ))
        }
    }

    /// A locked thread takes replies from staff only.
    pub fn ensure_can_reply(&self, thread_locked: bool) -> AppResult<()> {
        self.ensure_can_write()?;
        if thread_locked && !self.is_staff() {
            return Err(AppError::forbidden(
                "This thread is locked: it takes no new replies.",
            ));
        }
        Ok(())
    }
}

/// Collects field messages and turns them into one `Invalid` error.
#[derive(Default)]
pub struct Checks(FieldErrors);

impl Checks {
    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
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
