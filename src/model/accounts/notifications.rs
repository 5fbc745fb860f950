//! Things a member should hear about.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{
    devices, known_issues, maintenance_tasks, notifications, owned_devices, threads, users,
};
use crate::db::DbConn;

#[derive(Debug, Insertable)]
#[diesel(table_name = notifications)]
pub struct NewNotification<'a> {
    pub user_id: i64,
    pub kind: &'a str,
    pub thread_id: Option<i64>,
    pub post_id: Option<i64>,
    pub actor_id: Option<i64>,
    pub created_at: NaiveDateTime,
    pub owned_device_id: Option<i64>,
    pub task_id: Option<i64>,
    pub due_on: Option<NaiveDate>,
}

/// A maintenance task due on one owned device: what a reminder is about
/// (the key of its `maintenance_reminders` row).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueTask {
    pub owned_device_id: i64,
    pub task_id: i64,
    pub due_on: NaiveDate,
}

/// What a notification (or a digest line) is about, as it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Thread {
        thread_id: i64,
        post_id: Option<i64>,
    },
    Task(DueTask),
}

impl Subject {
    pub fn thread_id(&self) -> Option<i64> {
        match self {
            Subject::Thread { thread_id, .. } => Some(*thread_id),
            Subject::Task(_) => None,
        }
    }

    pub fn post_id(&self) -> Option<i64> {
        match self {
            Subject::Thread { post_id, .. } => *post_id,
            Subject::Task(_) => None,
        }
    }

    pub fn task(&self) -> Option<DueTask> {
        match self {
            Subject::Task(due) => Some(*due),
            Subject::Thread { .. } => None,
        }
    }
}

/// What a notification (or a digest line) is about, as it is shown: a
/// thread (or one post in it), or a maintenance task due on an owned device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum About {
    Thread {
        id: i64,
        slug: String,
        title: String,
        post_id: Option<i64>,
    },
    Maintenance {
        owned_device_id: i64,
        task_id: i64,
        task_title: String,
        /// The owner's nickname for the device, else its name.
        device_label: String,
    },
}

impl About {
    /// Reads the left-joined columns a notification or digest query
    /// selects (`ThreadCols`, `TaskCols`); None when neither is there (its
    /// thread or task was deleted: they cascade, so only in a race).
    pub fn from_row(thread: ThreadCols, post_id: Option<i64>, task: TaskCols) -> Option<About> {
        match (thread, task) {
            ((Some(id), Some(slug), Some(title)), _) => Some(About::Thread {
                id,
                slug,
                title,
                post_id,
            }),
            (
                _,
                (
                    Some(owned_device_id),
                    Some(task_id),
                    Some(task_title),
                    Some(nickname),
                    Some(device_name),
                ),
            ) => Some(About::maintenance(
                owned_device_id,
                task_id,
                task_title,
                nickname,
                device_name,
            )),
            _ => None,
        }
    }

    fn maintenance(
        owned_device_id: i64,
        task_id: i64,
        task_title: String,
        nickname: String,
        device_name: String,
    ) -> About {
        About::Maintenance {
            owned_device_id,
            task_id,
            task_title,
            device_label: if nickname.trim().is_empty() {
                device_name
            } else {
                nickname
            },
        }
    }

    pub fn title(&self) -> String {
        match self {
            About::Thread { title, .. } => title.clone(),
            About::Maintenance {
                task_title,
                device_label,
                ..
            } => format!("{task_title} — {device_label}"),
        }
    }

    /// Where it is, site-relative: the post or the thread; for maintenance,
    /// the task on "My devices", where it is marked done or snoozed.
    pub fn path(&self) -> String {
        match self {
            About::Thread {
                post_id: Some(post),
                ..
            } => format!("/p/{post}"),
            About::Thread { id, slug, .. } => format!("/t/{id}/{slug}"),
            About::Maintenance {
                owned_device_id,
                task_id,
                ..
            } => {
                format!("/settings/devices#owned-{owned_device_id}-task-{task_id}")
            }
        }
    }

    /// The thread's own page (not the post), or `path` for maintenance.
    pub fn whole_path(&self) -> String {
        match self {
            About::Thread { id, slug, .. } => format!("/t/{id}/{slug}"),
            About::Maintenance { .. } => self.path(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct NotificationView {
    pub id: i64,
    pub kind: String,
    pub created_at: NaiveDateTime,
    pub read_at: Option<NaiveDateTime>,
    pub actor_name: Option<String>,
    /// What it is about, as the list shows it.
    pub title: String,
    pub due_on: Option<NaiveDate>,
    /// For a known issue's notifications: what to do now, as the issue says
    /// today (the release that fixes it, the workaround).
    pub fixed_in: Option<String>,
    pub workaround: Option<String>,
}

/// A left-joined thread's id, slug and title.
pub type ThreadCols = (Option<i64>, Option<String>, Option<String>);
/// A left-joined task's owned device id, task id, title, nickname and device name.
pub type TaskCols = (
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// What a due task is about, for its reminder's mail.
pub fn about_task(conn: &mut DbConn, due: &DueTask) -> QueryResult<About> {
    let (task_title, nickname, device_name): (String, String, String) = owned_devices::table
        .inner_join(devices::table)
        .inner_join(maintenance_tasks::table.on(maintenance_tasks::id.eq(due.task_id)))
        .filter(owned_devices::id.eq(due.owned_device_id))
        .select((
            maintenance_tasks::title,
            owned_devices::nickname,
            devices::name,
        ))
        .first(conn)?;
    Ok(About::maintenance(
        due.owned_device_id,
        due.task_id,
        task_title,
        nickname,
        device_name,
    ))
}

pub fn insert_many(conn: &mut DbConn, rows: &[NewNotification]) -> QueryResult<usize> {
    let mut n = 0;
    for row in rows {
        n += diesel::insert_into(notifications::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(n)
}

/// Of these members, those who already have an unread notification of this
/// kind about this thread (and post, or none): those notifications are
/// brought up to date (`at`, by `actor_id`) instead of a new one being
/// written, so a busy thread makes one unread line, not hundreds.
pub fn refresh_unread(
    conn: &mut DbConn,
    user_ids: &[i64],
    kind: &str,
    thread_id: i64,
    post_id: Option<i64>,
    actor_id: Option<i64>,
    at: NaiveDateTime,
) -> QueryResult<Vec<i64>> {
    if user_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut query = notifications::table
        .filter(notifications::user_id.eq_any(user_ids))
        .filter(notifications::read_at.is_null())
        .filter(notifications::kind.eq(kind))
        .filter(notifications::thread_id.eq(thread_id))
        .select((notifications::id, notifications::user_id))
        .into_boxed();
    query = match post_id {
        Some(post_id) => query.filter(notifications::post_id.eq(post_id)),
        None => query.filter(notifications::post_id.is_null()),
    };
    let found: Vec<(i64, i64)> = query.load(conn)?;
    if found.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = found.iter().map(|(id, _)| *id).collect();
    diesel::update(notifications::table.filter(notifications::id.eq_any(&ids)))
        .set((
            notifications::created_at.eq(at),
            notifications::actor_id.eq(actor_id),
        ))
        .execute(conn)?;
    let mut users: Vec<i64> = found.into_iter().map(|(_, user)| user).collect();
    users.sort_unstable();
    users.dedup();
    Ok(users)
}

pub fn unread_count(conn: &mut DbConn, user_id: i64) -> QueryResult<i64> {
    notifications::table
        .filter(notifications::user_id.eq(user_id))
        .filter(notifications::read_at.is_null())
        .count()
        .get_result(conn)
}

/// id, kind, post id, created, read, due on, actor, thread, task, and a
/// known issue's fixed-in release and workaround.
type NotificationRow = (
    i64,
    String,
    Option<i64>,
    NaiveDateTime,
    Option<NaiveDateTime>,
    Option<NaiveDate>,
    Option<String>,
    ThreadCols,
    TaskCols,
    (Option<String>, Option<String>),
);

pub fn recent(conn: &mut DbConn, user_id: i64, limit: i64) -> QueryResult<Vec<NotificationView>> {
    let rows: Vec<NotificationRow> = notifications::table
        .left_join(threads::table)
        .left_join(users::table.on(users::id.nullable().eq(notifications::actor_id)))
        .left_join(
            maintenance_tasks::table
                .on(maintenance_tasks::id.nullable().eq(notifications::task_id)),
        )
        .left_join(
            owned_devices::table.on(owned_devices::id
                .nullable()
                .eq(notifications::owned_device_id)),
        )
        .left_join(devices::table.on(devices::id.eq(owned_devices::device_id)))
        .left_join(
            known_issues::table.on(known_issues::thread_id
                .nullable()
                .eq(notifications::thread_id)),
        )
        .filter(notifications::user_id.eq(user_id))
        .order((notifications::created_at.desc(), notifications::id.desc()))
        .select((
            notifications::id,
            notifications::kind,
            notifications::post_id,
            notifications::created_at,
            notifications::read_at,
            notifications::due_on,
            users::username.nullable(),
            (
                threads::id.nullable(),
                threads::slug.nullable(),
                threads::title.nullable(),
            ),
            (
                owned_devices::id.nullable(),
                maintenance_tasks::id.nullable(),
                maintenance_tasks::title.nullable(),
                owned_devices::nickname.nullable(),
                devices::name.nullable(),
            ),
            (
                known_issues::fixed_in.nullable(),
                known_issues::workaround.nullable(),
            ),
        ))
        .limit(limit)
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(
            |(id, kind, post_id, created_at, read_at, due_on, actor_name, thread, task, issue)| {
                let about = About::from_row(thread, post_id, task)?;
                let (fixed_in, workaround) = issue;
                Some(NotificationView {
                    id,
                    kind,
                    created_at,
                    read_at,
                    actor_name,
                    title: about.title(),
                    due_on,
                    fixed_in: fixed_in.filter(|f| !f.is_empty()),
                    workaround: workaround.filter(|w| !w.trim().is_empty()),
                })
            },
        )
        .collect())
}

pub fn mark_all_read(conn: &mut DbConn, user_id: i64, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        notifications::table
            .filter(notifications::user_id.eq(user_id))
            .filter(notifications::read_at.is_null()),
    )
    .set(notifications::read_at.eq(at))
    .execute(conn)
}

/// Marks one of the user's notifications read; returns where it points
/// (site-relative).
pub fn open(conn: &mut DbConn, user_id: i64, id: i64, at: NaiveDateTime) -> QueryResult<String> {
    let (post_id, thread, task): (Option<i64>, ThreadCols, TaskCols) = notifications::table
        .left_join(threads::table)
        .left_join(
            maintenance_tasks::table
                .on(maintenance_tasks::id.nullable().eq(notifications::task_id)),
        )
        .left_join(
            owned_devices::table.on(owned_devices::id
                .nullable()
                .eq(notifications::owned_device_id)),
        )
        .left_join(devices::table.on(devices::id.eq(owned_devices::device_id)))
        .filter(notifications::id.eq(id))
        .filter(notifications::user_id.eq(user_id))
        .select((
            notifications::post_id,
            (
                threads::id.nullable(),
                threads::slug.nullable(),
                threads::title.nullable(),
            ),
            (
                owned_devices::id.nullable(),
                maintenance_tasks::id.nullable(),
                maintenance_tasks::title.nullable(),
                owned_devices::nickname.nullable(),
                devices::name.nullable(),
            ),
        ))
        .first(conn)?;
    let about = About::from_row(thread, post_id, task).ok_or(diesel::result::Error::NotFound)?;
    diesel::update(notifications::table.find(id))
        .filter(notifications::read_at.is_null())
        .set(notifications::read_at.eq(at))
        .execute(conn)?;
    Ok(about.path())
}
