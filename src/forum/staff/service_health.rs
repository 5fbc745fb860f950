//! The dashboard's view of service: how fast questions get a first reply
//! and from whom, how many get solved (against a health band), and an
//! estimate of the support tickets the solved threads saved.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::db::DbConn;
use crate::error::AppResult;
use crate::model::staff::stats;

/// First-reply times, in the buckets a support team reasons in: each
/// bucket's name (the dashboard says `dashboard-bucket-<name>`) and the
/// minutes it ends below.
pub const BUCKETS: [(&str, i64); 4] = [
    ("under_1h", 60),
    ("1_4h", 4 * 60),
    ("4_24h", 24 * 60),
    ("over_24h", i64::MAX),
];

#[derive(Debug, Serialize)]
pub struct Bucket {
    pub name: &'static str,
    pub count: usize,
    pub percent: f64,
}

/// Where the share of solved questions stands: below `LOW` is poor, from
/// `GOOD` on healthy.
pub const LOW_PERCENT: f64 = 40.0;
pub const GOOD_PERCENT: f64 = 70.0;

#[derive(Debug, Serialize)]
pub struct Estimate {
    pub views: i64,
    pub deflection_ratio: f64,
    pub ticket_cost: f64,
    pub tickets: f64,
    pub saved: f64,
}

/// Known issues of one status, and the members they affect.
#[derive(Debug, Serialize)]
pub struct KnownIssueStatus {
    pub status: &'static str,
    pub label: &'static str,
    pub issues: usize,
    pub affected: i64,
}

#[derive(Debug, Serialize)]
pub struct MaintenanceFigures {
    pub reminders_sent: i64,
    pub marked_done: i64,
    /// Done per reminder sent, in percent (may pass 100: owners also do
    /// tasks nobody reminded them of).
    pub done_percent: f64,
}

#[derive(Debug, Serialize)]
pub struct ServiceHealth {
    pub first_reply: Vec<Bucket>,
    pub answered: usize,
    pub by_customers: usize,
    pub by_staff: usize,
    pub customer_percent: f64,
    pub staff_percent: f64,
    /// "poor", "fair" or "healthy", from the solved share.
    pub band: &'static str,
    pub solved_percent: f64,
    pub estimate: Estimate,
    pub known_issues: Vec<KnownIssueStatus>,
    pub maintenance: MaintenanceFigures,
}

/// Known issues by status (in the order of their flow), with the members
/// affected (each counted once per issue).
pub fn known_issues_by_status(
    statuses: &[(i64, String)],
    affected: &std::collections::HashMap<i64, i64>,
) -> Vec<KnownIssueStatus> {
    crate::forum::before_service::known_issues::FLOW
        .steps
        .iter()
        .map(|(status, label, _)| {
            let of_status: Vec<i64> = statuses
                .iter()
                .filter(|(_, s)| s == status)
                .map(|(id, _)| *id)
                .collect();
            KnownIssueStatus {
                status,
                label,
                issues: of_status.len(),
                affected: of_status
                    .iter()
                    .map(|id| affected.get(id).copied().unwrap_or(0))
                    .sum(),
            }
        })
        .collect()
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (part as f64 * 1000.0 / whole as f64).round() / 10.0
    }
}

pub fn band(solved_percent: f64) -> &'static str {
    if solved_percent >= GOOD_PERCENT {
        "healthy"
    } else if solved_percent >= LOW_PERCENT {
        "fair"
    } else {
        "poor"
    }
}

/// The figures from the first replies of the period's questions, its solved
/// share, and visitors' views of solved threads.
pub fn compute(
    first_replies: &[(NaiveDateTime, NaiveDateTime, String)],
    solved_percent: f64,
    views: i64,
    deflection_ratio: f64,
    ticket_cost: f64,
) -> ServiceHealth {
    let mut counts = [0usize; BUCKETS.len()];
    let (mut by_staff, mut by_customers) = (0, 0);
    for (asked, answered, role) in first_replies {
        let minutes = (*answered - *asked).num_minutes().max(0);
        let slot = BUCKETS
            .iter()
            .position(|(_, below)| minutes < *below)
            .unwrap_or(BUCKETS.len() - 1);
        counts[slot] += 1;
        if role == "member" {
            by_customers += 1;
        } else {
            by_staff += 1;
        }
    }
    let answered = first_replies.len();
    let tickets = views as f64 * deflection_ratio;
    ServiceHealth {
        first_reply: BUCKETS
            .iter()
            .zip(counts)
            .map(|((name, _), count)| Bucket {
                name,
                count,
                percent: percent(count, answered),
            })
            .collect(),
        answered,
        by_customers,
        by_staff,
        customer_percent: percent(by_customers, answered),
        staff_percent: percent(by_staff, answered),
        band: band(solved_percent),
        solved_percent,
        estimate: Estimate {
            views,
            deflection_ratio,
            ticket_cost,
            tickets: (tickets * 10.0).round() / 10.0,
            saved: (tickets * ticket_cost * 100.0).round() / 100.0,
        },
        known_issues: Vec::new(),
        maintenance: MaintenanceFigures {
            reminders_sent: 0,
            marked_done: 0,
            done_percent: 0.0,
        },
    }
}

/// Loads and computes the figures for `[from, to)`.
pub fn load(
    conn: &mut DbConn,
    from: NaiveDate,
    to: NaiveDate,
    solved_percent: f64,
    deflection_ratio: f64,
    ticket_cost: f64,
) -> AppResult<ServiceHealth> {
    let midnight = |d: NaiveDate| d.and_hms_opt(0, 0, 0).expect("midnight exists");
    let first = stats::first_replies(conn, midnight(from), midnight(to))?;
    let views = stats::solved_thread_views(conn, from, to)?;
    let mut health = compute(&first, solved_percent, views, deflection_ratio, ticket_cost);
    let statuses = stats::known_issue_statuses(conn)?;
    let ids: Vec<i64> = statuses.iter().map(|(id, _)| *id).collect();
    let affected = crate::model::before_service::known_issues::affected_counts(conn, &ids)?;
    health.known_issues = known_issues_by_status(&statuses, &affected);
    let (sent, done) = stats::maintenance_between(conn, from, to)?;
    health.maintenance = MaintenanceFigures {
        reminders_sent: sent,
        marked_done: done,
        done_percent: if sent == 0 {
            0.0
        } else {
            (done as f64 * 1000.0 / sent as f64).round() / 10.0
        },
    };
    Ok(health)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes: i64) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
            + chrono::Duration::minutes(minutes)
    }

    #[test]
    fn first_replies_fall_into_buckets_and_shares() {
        let replies = vec![
            (at(0), at(59), "member".to_owned()),
            (at(0), at(60), "staff".to_owned()),
            (at(0), at(239), "member".to_owned()),
            (at(0), at(24 * 60 - 1), "admin".to_owned()),
            (at(0), at(24 * 60), "member".to_owned()),
        ];
        let h = compute(&replies, 55.0, 1000, 0.2, 12.5);
        let counts: Vec<usize> = h.first_reply.iter().map(|b| b.count).collect();
        assert_eq!(counts, [1, 2, 1, 1]);
        assert_eq!((h.by_customers, h.by_staff), (3, 2));
        assert_eq!(h.customer_percent, 60.0);
        assert_eq!(h.band, "fair");
        assert_eq!(h.estimate.tickets, 200.0);
        assert_eq!(h.estimate.saved, 2500.0);
    }

    #[test]
    fn known_issues_are_counted_by_status_in_flow_order() {
        let statuses = vec![
            (1, "investigating".to_owned()),
            (2, "investigating".to_owned()),
            (3, "fixed".to_owned()),
        ];
        let affected = std::collections::HashMap::from([(1, 4), (2, 3), (3, 10)]);
        let rows = known_issues_by_status(&statuses, &affected);
        let got: Vec<(&str, usize, i64)> = rows
            .iter()
            .map(|r| (r.status, r.issues, r.affected))
            .collect();
        assert_eq!(
            got,
            [
                ("investigating", 2, 7),
                ("workaround_available", 0, 0),
                ("fixed", 1, 10),
                ("closed", 0, 0)
            ]
        );
    }

    #[test]
    fn the_band_has_its_edges() {
        assert_eq!(band(39.9), "poor");
        assert_eq!(band(40.0), "fair");
        assert_eq!(band(70.0), "healthy");
    }
}
