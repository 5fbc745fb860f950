//! Maintenance plans: staff attach tasks to a device (they apply to
//! everything below it); each owner sees what is due for the devices they
//! own, marks a task done or snoozes it; a job reminds them once per due
//! occurrence.
//!
//! Due date of a task for an owned device: the day it was last done (else
//! the purchase date, else the day it was added to "My devices") plus the
//! interval; a snooze moves the current occurrence to its end. Tasks with
//! only a usage hint ("every 200 wash cycles") have no due date.

use std::collections::HashMap;

use chrono::{Duration, Months, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::db::{write_tx, DbConn};
use crate::error::{AppError, AppResult};
use crate::forum::{chars, Actor, Checks};
use crate::i18n::Message;
use crate::model::accounts::notifications::DueTask;
use crate::model::before_service::maintenance::{
    self as store, LogRow, NewTask, Task, TaskFields, TaskView,
};
use crate::model::before_service::owned_devices::{
    self as owned_store, OwnedDevice, OwnedDeviceView,
};
use crate::model::discussion::threads;
use crate::model::knowledge::devices::{self, Device};

/// The notification (and mail event) of a reminder.
pub const MAINTENANCE_DUE: &str = "maintenance_due";
/// Tasks due within this many days are "coming up".
pub const COMING_UP_DAYS: i64 = 14;
/// The units of an interval; pages name them (`maint-unit-…`).
pub const UNITS: [&str; 2] = ["days", "months"];
const MAX_DAYS: i32 = 3650;
const MAX_MONTHS: i32 = 120;
const BATCH: i64 = 200;

/// The staff form for a task, as typed.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct TaskDraft {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub why: String,
    /// A whole number of `interval_unit`, or empty for a usage hint only.
    #[serde(default)]
    pub interval_count: String,
    #[serde(default)]
    pub interval_unit: String,
    #[serde(default)]
    pub usage_hint: String,
    /// The guide: its number, "#7", or its address ("/t/7/…"); optional.
    #[serde(default)]
    pub guide: String,
}

impl TaskDraft {
    pub fn of(task: &Task) -> TaskDraft {
        TaskDraft {
            title: task.title.clone(),
            why: task.why.clone(),
            interval_count: task
                .interval_count
                .map(|n| n.to_string())
                .unwrap_or_default(),
            interval_unit: task
                .interval_unit
                .clone()
                .unwrap_or_else(|| "months".into()),
            usage_hint: task.usage_hint.clone(),
            guide: task.guide_id.map(|id| id.to_string()).unwrap_or_default(),
        }
    }
}

fn ensure_can_manage(actor: &Actor) -> AppResult<()> {
    actor.ensure_staff("err-maintenance-only-staff-can-change-maintenance")
}

/// "7", "#7", "/t/7/slug" or a full address ending so: the thread number.
fn guide_number(raw: &str) -> Option<i64> {
    let raw = raw.trim().trim_start_matches('#');
    if let Ok(n) = raw.parse() {
        return Some(n);
    }
    let after = raw.split("/t/").nth(1)?;
    after.split(['/', '?', '#']).next()?.parse().ok()
}

struct Checked {
    title: String,
    why: String,
    interval: Option<(i32, &'static str)>,
    usage_hint: String,
    guide_id: Option<i64>,
}

fn check(conn: &mut DbConn, draft: &TaskDraft) -> AppResult<Checked> {
    let mut checks = Checks::default();
    let title = draft.title.trim();
    if !(3..=120).contains(&chars(title)) {
        checks.add("title", "err-maintenance-give-task-title-3-120");
    }
    let why = draft.why.trim();
    if chars(why) > 2000 {
        checks.add("why", "err-maintenance-keep-why-matters-under-2");
    }
    let usage_hint = draft.usage_hint.trim();
    if chars(usage_hint) > 200 {
        checks.add("usage_hint", "err-maintenance-keep-usage-hint-under-200");
    }
    let unit = UNITS
        .iter()
        .copied()
        .find(|u| *u == draft.interval_unit.trim());
    let count = draft.interval_count.trim();
    let interval = if count.is_empty() {
        if usage_hint.is_empty() {
            checks.add("interval_count", "err-maintenance-give-interval-e-g-every");
        }
        None
    } else {
        match (count.parse::<i32>(), unit) {
            (_, None) => {
                checks.add("interval_unit", "err-maintenance-choose-days-months");
                None
            }
            (Ok(n), Some(unit)) if n > 0 => {
                let max = if unit == "days" { MAX_DAYS } else { MAX_MONTHS };
                if n > max {
                    checks.add(
                        "interval_count",
                        Message::new("err-maintenance-interval-at-most-max-unit")
                            .with("max", max)
                            .with("unit", unit),
                    );
                    None
                } else {
                    Some((n, unit))
                }
            }
            _ => {
                checks.add(
                    "interval_count",
                    "err-maintenance-interval-must-whole-number-greater",
                );
                None
            }
        }
    };
    let guide_id = match draft.guide.trim() {
        "" => None,
        raw => match guide_number(raw) {
            None => {
                checks.add("guide", "err-maintenance-give-guides-number-e-g");
                None
            }
            Some(id) => match threads::find(conn, id) {
                Ok(thread) if thread.kind == "guide" => Some(id),
                Ok(_) => {
                    checks.add(
                        "guide",
                        Message::new("err-maintenance-thread-id-not-guide").with("id", id),
                    );
                    None
                }
                Err(diesel::result::Error::NotFound) => {
                    checks.add(
                        "guide",
                        Message::new("err-maintenance-there-no-guide-id").with("id", id),
                    );
                    None
                }
                Err(e) => return Err(e.into()),
            },
        },
    };
    checks.finish()?;
    Ok(Checked {
        title: title.to_owned(),
        why: why.to_owned(),
        interval,
        usage_hint: usage_hint.to_owned(),
        guide_id,
    })
}

fn fields(checked: &Checked, now: NaiveDateTime) -> TaskFields<'_> {
    TaskFields {
        title: &checked.title,
        why: &checked.why,
        interval_count: checked.interval.map(|(n, _)| n),
        interval_unit: checked.interval.map(|(_, u)| u),
        usage_hint: &checked.usage_hint,
        guide_id: checked.guide_id,
        updated_at: now,
    }
}

pub fn add_task(
    conn: &mut DbConn,
    actor: &Actor,
    device: &Device,
    draft: &TaskDraft,
) -> AppResult<Task> {
    ensure_can_manage(actor)?;
    let checked = check(conn, draft)?;
    let now = crate::model::now();
    write_tx(conn, |conn| {
        Ok(store::insert(
            conn,
            &NewTask {
                device_id: device.id,
                created_by_id: Some(actor.id),
                created_at: now,
                fields: fields(&checked, now),
            },
        )?)
    })
}

pub fn require_task(conn: &mut DbConn, id: i64) -> AppResult<Task> {
    store::find(conn, id).map_err(|e| match e {
        diesel::result::Error::NotFound => AppError::NotFound("maintenance task"),
        e => e.into(),
    })
}

pub fn update_task(
    conn: &mut DbConn,
    actor: &Actor,
    task_id: i64,
    draft: &TaskDraft,
) -> AppResult<Task> {
    ensure_can_manage(actor)?;
    let task = require_task(conn, task_id)?;
    let checked = check(conn, draft)?;
    let now = crate::model::now();
    write_tx(conn, |conn| {
        store::update(conn, task.id, &fields(&checked, now))?;
        Ok(store::find(conn, task.id)?)
    })
}

pub fn remove_task(conn: &mut DbConn, actor: &Actor, task_id: i64) -> AppResult<Task> {
    ensure_can_manage(actor)?;
    let task = require_task(conn, task_id)?;
    write_tx(conn, |conn| store::delete(conn, task.id))?;
    Ok(task)
}

/// The tasks that apply to a device: those on it and on every device above it.
pub fn plan_for(conn: &mut DbConn, device: &Device) -> AppResult<Vec<TaskView>> {
    Ok(store::for_devices(conn, &devices::path_ids(&device.path))?)
}

fn add_interval(from: NaiveDate, n: i32, unit: &str) -> Option<NaiveDate> {
    match unit {
        "days" => from.checked_add_signed(Duration::days(i64::from(n))),
        "months" => from.checked_add_months(Months::new(u32::try_from(n).ok()?)),
        _ => None,
    }
}

/// When the current occurrence of a task is due for an owned device; None
/// for a usage hint only.
pub fn due_on(task: &Task, owned: &OwnedDevice, log: Option<&LogRow>) -> Option<NaiveDate> {
    let (n, unit) = (task.interval_count?, task.interval_unit.as_deref()?);
    let anchor = log
        .and_then(|l| l.last_done_on)
        .or(owned.purchased_on)
        .unwrap_or_else(|| owned.created_at.date());
    let due = add_interval(anchor, n, unit)?;
    Some(match log.and_then(|l| l.snoozed_until) {
        Some(until) if until > due => until,
        _ => due,
    })
}

/// What a task's due date `due` counts from: a time the owner recorded it
/// done ("done") or a snooze they chose ("snooze"), else the purchase date
/// ("purchase"), else the day the device was added ("added"). Only the
/// owner's own dates make a past date truly overdue; the others are a guess
/// the owner is asked to correct.
pub fn counted_from(
    owned: &OwnedDevice,
    log: Option<&LogRow>,
    due: Option<NaiveDate>,
) -> &'static str {
    if due.is_some() && log.and_then(|l| l.snoozed_until) == due {
        "snooze"
    } else if log.and_then(|l| l.last_done_on).is_some() {
        "done"
    } else if owned.purchased_on.is_some() {
        "purchase"
    } else {
        "added"
    }
}

/// One task for one owned device, as the owner sees it.
#[derive(Debug, Clone, Serialize)]
pub struct DueItem {
    pub owned_device_id: i64,
    pub device_name: String,
    pub device_slug: String,
    pub nickname: String,
    pub task_id: i64,
    pub title: String,
    pub why: String,
    /// Every `interval_count` `interval_unit` (days or months), if by date.
    pub interval_count: Option<i32>,
    pub interval_unit: Option<String>,
    pub usage_hint: String,
    pub guide_id: Option<i64>,
    pub guide_title: Option<String>,
    pub guide_slug: Option<String>,
    pub last_done_on: Option<NaiveDate>,
    pub snoozed_until: Option<NaiveDate>,
    pub due_on: Option<NaiveDate>,
    /// overdue | due | soon | later | usage
    pub state: &'static str,
    /// What the due date counts from (`counted_from`).
    pub counted_from: &'static str,
    /// Days until due (negative: overdue by).
    pub days_left: Option<i64>,
}

impl DueItem {
    pub fn is_pressing(&self) -> bool {
        matches!(self.state, "overdue" | "due" | "soon")
    }
}

/// Every task of every owned device given, with its due date, in a fixed
/// number of queries: the tasks on all their devices' paths, and the log.
fn due_items(
    conn: &mut DbConn,
    owned: &[OwnedDeviceView],
    today: NaiveDate,
) -> AppResult<Vec<DueItem>> {
    if owned.is_empty() {
        return Ok(Vec::new());
    }
    let mut device_ids: Vec<i64> = owned
        .iter()
        .flat_map(|o| devices::path_ids(&o.device_path))
        .collect();
    device_ids.sort_unstable();
    device_ids.dedup();
    let tasks = store::for_devices(conn, &device_ids)?;
    let owned_ids: Vec<i64> = owned.iter().map(|o| o.owned.id).collect();
    let log: HashMap<(i64, i64), LogRow> = store::log_for(conn, &owned_ids)?
        .into_iter()
        .map(|l| ((l.owned_device_id, l.task_id), l))
        .collect();
    let mut items = Vec::new();
    for o in owned {
        let path = devices::path_ids(&o.device_path);
        for t in tasks.iter().filter(|t| path.contains(&t.task.device_id)) {
            let entry = log.get(&(o.owned.id, t.task.id));
            let due = due_on(&t.task, &o.owned, entry);
            let days_left = due.map(|d| (d - today).num_days());
            let state = match days_left {
                None => "usage",
                Some(n) if n < 0 => "overdue",
                Some(0) => "due",
                Some(n) if n <= COMING_UP_DAYS => "soon",
                Some(_) => "later",
            };
            items.push(DueItem {
                owned_device_id: o.owned.id,
                device_name: o.device_name.clone(),
                device_slug: o.device_slug.clone(),
                nickname: o.owned.nickname.clone(),
                task_id: t.task.id,
                title: t.task.title.clone(),
                why: t.task.why.clone(),
                interval_count: t.task.interval_count,
                interval_unit: t.task.interval_unit.clone(),
                usage_hint: t.task.usage_hint.clone(),
                guide_id: t.task.guide_id,
                guide_title: t.guide_title.clone(),
                guide_slug: t.guide_slug.clone(),
                last_done_on: entry.and_then(|l| l.last_done_on),
                snoozed_until: entry.and_then(|l| l.snoozed_until),
                due_on: due,
                state,
                counted_from: counted_from(&o.owned, entry, due),
                days_left,
            });
        }
    }
    Ok(items)
}

/// A member's devices with their tasks (soonest first), for "My devices".
#[derive(Debug, Serialize)]
pub struct OwnedWithTasks {
    pub owned: OwnedDeviceView,
    pub tasks: Vec<DueItem>,
}

fn soonest_first(items: &mut [DueItem]) {
    items.sort_by_key(|i| (i.due_on.is_none(), i.due_on, i.task_id));
}

pub fn my_devices(
    conn: &mut DbConn,
    user_id: i64,
    today: NaiveDate,
) -> AppResult<Vec<OwnedWithTasks>> {
    let owned = owned_store::list_for_user(conn, user_id, false)?;
    let mut items = due_items(conn, &owned, today)?;
    soonest_first(&mut items);
    Ok(owned
        .into_iter()
        .map(|o| {
            let tasks = items
                .iter()
                .filter(|i| i.owned_device_id == o.owned.id)
                .cloned()
                .collect();
            OwnedWithTasks { owned: o, tasks }
        })
        .collect())
}

/// What is overdue, due today or coming up across the member's devices,
/// soonest first (the home page's card).
pub fn pressing(conn: &mut DbConn, user_id: i64, today: NaiveDate) -> AppResult<Vec<DueItem>> {
    let owned = owned_store::list_for_user(conn, user_id, false)?;
    let mut items: Vec<DueItem> = due_items(conn, &owned, today)?
        .into_iter()
        .filter(DueItem::is_pressing)
        .collect();
    soonest_first(&mut items);
    Ok(items)
}

/// The actor's owned device and a task that applies to it; 404 otherwise.
fn require_pair(
    conn: &mut DbConn,
    actor: &Actor,
    owned_id: i64,
    task_id: i64,
) -> AppResult<(OwnedDevice, Task, Option<LogRow>)> {
    let owned = crate::forum::before_service::owned_devices::require_own(conn, actor, owned_id)?;
    let task = require_task(conn, task_id)?;
    let device = devices::find(conn, owned.device_id)?;
    if !devices::path_ids(&device.path).contains(&task.device_id) {
        return Err(AppError::NotFound("maintenance task"));
    }
    let log = store::log_for(conn, &[owned.id])?
        .into_iter()
        .find(|l| l.task_id == task.id);
    Ok((owned, task, log))
}

/// "Done" on `done_on` (YYYY-MM-DD, empty for today; not in the future):
/// the next occurrence is scheduled from it. Returns the next due date.
pub fn mark_done(
    conn: &mut DbConn,
    actor: &Actor,
    owned_id: i64,
    task_id: i64,
    done_on: &str,
    now: NaiveDateTime,
) -> AppResult<Option<NaiveDate>> {
    // Someone else's device is "not found" before anything else (it is private).
    let (owned, task, _) = require_pair(conn, actor, owned_id, task_id)?;
    actor.ensure_can_write()?;
    let today = now.date();
    let on = if done_on.trim().is_empty() {
        today
    } else {
        let mut checks = Checks::default();
        let on = crate::forum::before_service::owned_devices::parse_past_date(
            &mut checks,
            "done_on",
            done_on,
            today,
        );
        checks.finish()?;
        on.unwrap_or(today)
    };
    write_tx(conn, |conn| {
        store::mark_done(conn, owned.id, task.id, on, now)
    })?;
    let log = LogRow {
        owned_device_id: owned.id,
        task_id: task.id,
        last_done_on: Some(on),
        snoozed_until: None,
    };
    Ok(due_on(&task, &owned, Some(&log)))
}

/// How long a snooze lasts.
/// Pages name them (`own-snooze-…`).
pub const SNOOZES: [&str; 2] = ["week", "month"];

/// Snoozes the current occurrence: it is due a week (or a month) after
/// today, or after its due date when that is still ahead. Returns the new
/// due date.
pub fn snooze(
    conn: &mut DbConn,
    actor: &Actor,
    owned_id: i64,
    task_id: i64,
    period: &str,
    now: NaiveDateTime,
) -> AppResult<NaiveDate> {
    let (owned, task, log) = require_pair(conn, actor, owned_id, task_id)?;
    actor.ensure_can_write()?;
    let today = now.date();
    let Some(due) = due_on(&task, &owned, log.as_ref()) else {
        return Err(AppError::BadRequest(
            "err-maintenance-task-goes-use-not-date".into(),
        ));
    };
    let from = due.max(today);
    let until = match period.trim() {
        "week" => from + Duration::days(7),
        "month" => from
            .checked_add_months(Months::new(1))
            .unwrap_or(from + Duration::days(30)),
        other => {
            let shown: String = other.chars().take(20).collect();
            return Err(AppError::invalid(
                "period",
                Message::new("err-maintenance-shown-not-snooze-choose-1").with("shown", shown),
            ));
        }
    };
    write_tx(conn, |conn| {
        store::snooze(conn, owned.id, task.id, until, now)
    })?;
    Ok(until)
}

/// The reminder job: every task with a date that fell due by
/// `now` for an owned device is told to its owner ONCE per due occurrence:
/// the reminder row (owned device, task, due date) is claimed first in the
/// transaction that writes the notification and the mail (at once or into
/// the digest, as the owner chose for "maintenance_due"), so a second run or
/// another server finds it taken. Marking done or snoozing moves the due
/// date, which makes the next occurrence a new row.
///
/// The reminder opens the task on "My devices" (which links its guide, if
/// it has one). Returns how many reminders were sent.
pub fn send_reminders(conn: &mut DbConn, now: NaiveDateTime) -> AppResult<usize> {
    let today = now.date();
    let mut sent = 0;
    let mut after = 0;
    loop {
        let owned = owned_store::batch_after(conn, after, BATCH)?;
        let Some(last) = owned.last() else {
            return Ok(sent);
        };
        after = last.owned.id;
        for item in due_items(conn, &owned, today)? {
            let Some(due) = item.due_on else {
                continue;
            };
            if due > today {
                continue;
            }
            let user_id = owned
                .iter()
                .find(|o| o.owned.id == item.owned_device_id)
                .map(|o| o.owned.user_id)
                .expect("the item's owned device is in the batch");
            let reminded = write_tx(conn, |conn| -> AppResult<bool> {
                if store::claim_reminder(
                    conn,
                    item.owned_device_id,
                    item.task_id,
                    due,
                    user_id,
                    now,
                )? == 0
                {
                    return Ok(false);
                }
                crate::forum::discussion::answers::notify_due_task(
                    conn,
                    user_id,
                    DueTask {
                        owned_device_id: item.owned_device_id,
                        task_id: item.task_id,
                        due_on: due,
                    },
                )?;
                Ok(true)
            })?;
            sent += usize::from(reminded);
        }
    }
}

/// The reminders as a background job on every app server (the reminder
/// rows make each go out once). Due dates are days: a quarter of an hour
/// late is on time.
pub fn reminders_job(pool: crate::db::DbPool) -> crate::jobs::Job {
    let every = crate::jobs::Schedule::every_seconds(15 * 60);
    crate::jobs::Job::new("maintenance_reminders", every, move || {
        let pool = pool.clone();
        async move {
            crate::jobs::blocking(&pool, |conn| {
                send_reminders(conn, crate::model::now()).map_err(crate::jobs::app_error)
            })
            .await
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn task(n: Option<i32>, unit: Option<&str>) -> Task {
        let at = date("2026-01-01").and_hms_opt(0, 0, 0).unwrap();
        Task {
            id: 1,
            device_id: 1,
            title: "Clean the filter".into(),
            why: String::new(),
            interval_count: n,
            interval_unit: unit.map(str::to_owned),
            usage_hint: String::new(),
            guide_id: None,
            created_by_id: None,
            created_at: at,
            updated_at: at,
        }
    }

    fn owned(purchased: Option<&str>) -> OwnedDevice {
        OwnedDevice {
            id: 1,
            user_id: 1,
            device_id: 1,
            nickname: String::new(),
            purchased_on: purchased.map(date),
            firmware: String::new(),
            shown_on_profile: false,
            created_at: date("2026-03-10").and_hms_opt(9, 0, 0).unwrap(),
        }
    }

    fn log(done: Option<&str>, snoozed: Option<&str>) -> LogRow {
        LogRow {
            owned_device_id: 1,
            task_id: 1,
            last_done_on: done.map(date),
            snoozed_until: snoozed.map(date),
        }
    }

    #[test]
    fn due_dates_count_from_the_last_time_then_the_purchase_then_the_adding() {
        let months = task(Some(3), Some("months"));
        assert_eq!(
            due_on(&months, &owned(None), None),
            Some(date("2026-06-10"))
        );
        assert_eq!(
            due_on(&months, &owned(Some("2025-11-30")), None),
            // The end of a shorter month, not an error.
            Some(date("2026-02-28"))
        );
        assert_eq!(
            due_on(
                &months,
                &owned(Some("2025-11-30")),
                Some(&log(Some("2026-04-01"), None))
            ),
            Some(date("2026-07-01"))
        );
        let days = task(Some(10), Some("days"));
        assert_eq!(
            due_on(&days, &owned(Some("2026-01-25")), None),
            Some(date("2026-02-04"))
        );
        // A snooze moves the occurrence later, never earlier.
        assert_eq!(
            due_on(
                &days,
                &owned(Some("2026-01-25")),
                Some(&log(None, Some("2026-02-20")))
            ),
            Some(date("2026-02-20"))
        );
        assert_eq!(
            due_on(
                &days,
                &owned(Some("2026-01-25")),
                Some(&log(None, Some("2026-01-30")))
            ),
            Some(date("2026-02-04"))
        );
        // A usage hint has no date.
        assert_eq!(due_on(&task(None, None), &owned(None), None), None);
    }

    #[test]
    fn guides_are_named_by_number_or_address() {
        assert_eq!(guide_number("7"), Some(7));
        assert_eq!(guide_number(" #12 "), Some(12));
        assert_eq!(guide_number("/t/7/clean-the-filter"), Some(7));
        assert_eq!(
            guide_number("https://forum.example.com/t/9/x?page=2#post-3"),
            Some(9)
        );
        assert_eq!(guide_number("the filter guide"), None);
    }
}
