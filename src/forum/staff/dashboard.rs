//! The staff dashboard: how questions get solved over a period. Figures are
//! computed here from raw rows, so the arithmetic is tested on its own.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::db::DbConn;
use crate::error::AppResult;
use crate::forum::discussion::answers::RecoveryPath;
use crate::model::discussion::threads::{self, ThreadListItem};
use crate::model::knowledge::devices::{self, path_ids};
use crate::model::staff::stats::{self, QuestionTimes};

/// The period a dashboard covers: whole days, `from` inclusive, `to` exclusive.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days()
    }

    fn start(&self) -> NaiveDateTime {
        self.from.and_hms_opt(0, 0, 0).expect("midnight exists")
    }

    fn end(&self) -> NaiveDateTime {
        self.to.and_hms_opt(0, 0, 0).expect("midnight exists")
    }
}

#[derive(Debug, Serialize)]
pub struct PathShare {
    pub path: &'static str,
    pub label: &'static str,
    pub count: usize,
    /// Percent of the solved questions.
    pub percent: f64,
}

#[derive(Debug, Serialize)]
pub struct FamilyRow {
    pub name: String,
    pub opened: usize,
    pub solved: usize,
    pub customer_led: usize,
    pub joint: usize,
    pub staff_led: usize,
}

#[derive(Debug, Serialize)]
pub struct DayPoint {
    pub date: NaiveDate,
    pub opened: usize,
    pub solved: usize,
}

#[derive(Debug, Serialize)]
pub struct Dashboard {
    pub period: Period,
    pub opened: usize,
    pub solved: usize,
    /// Percent of the questions opened in the period that are solved now.
    pub solved_percent: f64,
    pub median_first_reply_minutes: Option<f64>,
    pub median_solution_minutes: Option<f64>,
    pub paths: Vec<PathShare>,
    pub families: Vec<FamilyRow>,
    pub days: Vec<DayPoint>,
    pub oldest_unanswered: Vec<ThreadListItem>,
    pub most_me_too: Vec<ThreadListItem>,
    /// Of those, the ones linked to a known issue: thread id (as text, for
    /// the template) -> known issue id. The others get "Start a known issue".
    pub known_issue_of: BTreeMap<String, i64>,
    /// The open ideas with the most votes, by device family.
    pub most_wanted: Vec<crate::forum::before_service::ideas::FamilyIdeas>,
}

/// The middle value (the mean of the two middle ones for an even count).
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(|a, b| a.total_cmp(b));
    let mid = values.len() / 2;
    Some(if values.len() % 2 == 0 {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    })
}

fn minutes(d: Duration) -> f64 {
    d.num_seconds() as f64 / 60.0
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (part as f64 * 1000.0 / whole as f64).round() / 10.0
    }
}

/// A device's family: its product line (second level of the tree), or the
/// maker for a device tied directly to a maker.
fn family_id(device_path: &str) -> Option<i64> {
    let ids = path_ids(device_path);
    ids.get(1).or_else(|| ids.first()).copied()
}

/// Computes the figures from the questions opened in the period and the
/// solve times that fall in it.
pub fn compute(
    period: Period,
    questions: &[QuestionTimes],
    solved_times: &[NaiveDateTime],
    family_names: &BTreeMap<i64, String>,
) -> Dashboard {
    let opened = questions.len();
    let solved_questions: Vec<&QuestionTimes> =
        questions.iter().filter(|q| q.solved_at.is_some()).collect();
    let mut first_reply: Vec<f64> = questions
        .iter()
        .filter_map(|q| q.first_reply_at.map(|at| minutes(at - q.created_at)))
        .collect();
    let mut to_solution: Vec<f64> = solved_questions
        .iter()
        .filter_map(|q| q.solved_at.map(|at| minutes(at - q.created_at)))
        .collect();

    let path_of = |q: &QuestionTimes| q.recovery_path.as_deref().and_then(RecoveryPath::parse);
    let paths = RecoveryPath::ALL
        .iter()
        .map(|path| {
            let count = solved_questions
                .iter()
                .filter(|q| path_of(q) == Some(*path))
                .count();
            PathShare {
                path: path.as_str(),
                label: path.label(),
                count,
                percent: percent(count, solved_questions.len()),
            }
        })
        .collect();

    let mut families: BTreeMap<String, FamilyRow> = BTreeMap::new();
    for q in questions {
        let name = q
            .device_path
            .as_deref()
            .and_then(family_id)
            .and_then(|id| family_names.get(&id).cloned())
            // Empty: no device (the page names it).
            .unwrap_or_default();
        let row = families.entry(name.clone()).or_insert_with(|| FamilyRow {
            name,
            opened: 0,
            solved: 0,
            customer_led: 0,
            joint: 0,
            staff_led: 0,
        });
        row.opened += 1;
        if q.solved_at.is_some() {
            row.solved += 1;
            match path_of(q) {
                Some(RecoveryPath::CustomerLed) => row.customer_led += 1,
                Some(RecoveryPath::Joint) => row.joint += 1,
                Some(RecoveryPath::StaffLed) => row.staff_led += 1,
                None => {}
            }
        }
    }
    let mut families: Vec<FamilyRow> = families.into_values().collect();
    families.sort_by(|a, b| b.opened.cmp(&a.opened).then(a.name.cmp(&b.name)));

    let mut days: Vec<DayPoint> = (0..period.days())
        .map(|i| DayPoint {
            date: period.from + Duration::days(i),
            opened: 0,
            solved: 0,
        })
        .collect();
    let index = |at: NaiveDateTime| (at.date() - period.from).num_days();
    for q in questions {
        if let Some(day) = days.get_mut(index(q.created_at) as usize) {
            day.opened += 1;
        }
    }
    for at in solved_times {
        if let Some(day) = usize::try_from(index(*at))
            .ok()
            .and_then(|i| days.get_mut(i))
        {
            day.solved += 1;
        }
    }

    Dashboard {
        period,
        opened,
        solved: solved_questions.len(),
        solved_percent: percent(solved_questions.len(), opened),
        median_first_reply_minutes: median(&mut first_reply),
        median_solution_minutes: median(&mut to_solution),
        paths,
        families,
        days,
        oldest_unanswered: Vec::new(),
        most_me_too: Vec::new(),
        known_issue_of: BTreeMap::new(),
        most_wanted: Vec::new(),
    }
}

/// Loads and computes the dashboard for a period.
pub fn load(conn: &mut DbConn, period: Period) -> AppResult<Dashboard> {
    let questions = stats::questions_opened(conn, period.start(), period.end())?;
    let solved_times = stats::solved_between(conn, period.start(), period.end())?;
    let family_names: BTreeMap<i64, String> = devices::all_brief(conn)?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    let mut dashboard = compute(period, &questions, &solved_times, &family_names);
    dashboard.oldest_unanswered = threads::oldest_unanswered(conn, 10)?;
    dashboard.most_me_too = threads::most_me_too(conn, 10)?;
    let ids: Vec<i64> = dashboard.most_me_too.iter().map(|t| t.id).collect();
    dashboard.known_issue_of = crate::model::before_service::known_issues::links_among(conn, &ids)?
        .into_iter()
        .map(|(thread, issue)| (thread.to_string(), issue))
        .collect();
    dashboard.most_wanted = crate::forum::before_service::ideas::most_wanted(conn, &family_names)?;
    Ok(dashboard)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [5.0]), Some(5.0));
        assert_eq!(median(&mut [9.0, 1.0, 5.0]), Some(5.0));
        assert_eq!(median(&mut [4.0, 1.0, 10.0, 2.0]), Some(3.0));
    }

    #[test]
    fn recovery_path_rule() {
        assert_eq!(RecoveryPath::decide(true, true), RecoveryPath::StaffLed);
        assert_eq!(RecoveryPath::decide(false, true), RecoveryPath::Joint);
        assert_eq!(
            RecoveryPath::decide(false, false),
            RecoveryPath::CustomerLed
        );
    }

    #[test]
    fn families_are_product_lines() {
        assert_eq!(family_id("/1/5/12/"), Some(5));
        assert_eq!(family_id("/1/"), Some(1));
        assert_eq!(family_id(""), None);
    }
}
