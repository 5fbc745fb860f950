//! Small server-rendered SVG charts (no JavaScript, no inline styles: the
//! Content-Security-Policy allows neither). Only numbers and dates go in.

use std::fmt::Write;

use crate::forum::dashboard::{DayPoint, PathShare};

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 180.0;
const BOTTOM: f64 = 24.0;

/// Questions opened and solved per day, as paired bars.
pub fn daily_bars(days: &[DayPoint]) -> String {
    let max = days
        .iter()
        .map(|d| d.opened.max(d.solved))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let slot = WIDTH / days.len().max(1) as f64;
    let bar = (slot * 0.4).max(1.0);
    let plot = HEIGHT - BOTTOM;
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-label=\"Questions opened and solved per day\" xmlns=\"http://www.w3.org/2000/svg\">"
    );
    let _ = write!(
        svg,
        "<line x1=\"0\" y1=\"{plot}\" x2=\"{WIDTH}\" y2=\"{plot}\" stroke=\"#c5cec8\"/>"
    );
    for (i, day) in days.iter().enumerate() {
        let x = i as f64 * slot + slot * 0.1;
        for (offset, value, colour, what) in [
            (0.0, day.opened, "#1a4fa0", "opened"),
            (bar, day.solved, "#157347", "solved"),
        ] {
            let h = value as f64 / max * (plot - 8.0);
            let _ = write!(
                svg,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{bar:.1}\" height=\"{h:.1}\" fill=\"{colour}\"><title>{}: {value} {what}</title></rect>",
                x + offset,
                plot - h,
                day.date.format("%-d %b")
            );
        }
        let every = (days.len() / 8).max(1);
        if i % every == 0 {
            let _ = write!(
                svg,
                "<text x=\"{:.1}\" y=\"{}\" font-size=\"11\" fill=\"#5d6a63\">{}</text>",
                x,
                HEIGHT - 6.0,
                day.date.format("%-d %b")
            );
        }
    }
    let _ = write!(
        svg,
        "<text x=\"2\" y=\"12\" font-size=\"11\" fill=\"#5d6a63\">max {max} a day</text>"
    );
    svg.push_str("</svg>");
    svg
}

/// The split of solved questions by recovery path, as one stacked bar.
pub fn path_split(paths: &[PathShare]) -> String {
    let total: usize = paths.iter().map(|p| p.count).sum();
    let mut svg = String::from(
        "<svg class=\"chart chart-split\" viewBox=\"0 0 720 36\" role=\"img\" aria-label=\"Solved questions by recovery path\" xmlns=\"http://www.w3.org/2000/svg\">",
    );
    if total == 0 {
        svg.push_str("<rect x=\"0\" y=\"4\" width=\"720\" height=\"28\" fill=\"#eceeed\"/>");
    }
    let mut x = 0.0;
    for (path, colour) in paths.iter().zip(["#0f6e5a", "#5b3cc4", "#b45309"]) {
        if total == 0 {
            break;
        }
        let w = path.count as f64 / total as f64 * 720.0;
        let _ = write!(
            svg,
            "<rect x=\"{x:.1}\" y=\"4\" width=\"{w:.1}\" height=\"28\" fill=\"{colour}\"><title>{}: {} ({}%)</title></rect>",
            path.label, path.count, path.percent
        );
        x += w;
    }
    svg.push_str("</svg>");
    svg
}

/// First-reply times as horizontal bars, one per bucket.
pub fn first_reply_bars(buckets: &[crate::forum::service_health::Bucket]) -> String {
    let max = buckets.iter().map(|b| b.count).max().unwrap_or(0).max(1) as f64;
    let row = 30.0;
    // Shown in half a column: a narrow viewBox keeps the text readable.
    let width = 360.0;
    let label_width = 80.0;
    let height = row * buckets.len() as f64 + 8.0;
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"Time to first reply\" xmlns=\"http://www.w3.org/2000/svg\">"
    );
    for (i, bucket) in buckets.iter().enumerate() {
        let y = 4.0 + i as f64 * row;
        let w = bucket.count as f64 / max * (width - label_width - 80.0);
        let colour = ["#157347", "#0f6e5a", "#b45309", "#b42318"][i.min(3)];
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{:.1}\" font-size=\"13\" fill=\"#1d2420\">{}</text>\
             <rect x=\"{label_width}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"{colour}\"><title>{}: {} ({}%)</title></rect>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" fill=\"#5d6a63\">{} ({}%)</text>",
            y + 17.0,
            bucket.label,
            row - 8.0,
            bucket.label,
            bucket.count,
            bucket.percent,
            label_width + w + 6.0,
            y + 17.0,
            bucket.count,
            bucket.percent
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Who wrote the first replies: customers against staff, as one stacked bar.
pub fn reply_split(customers: usize, staff: usize) -> String {
    let total = customers + staff;
    let mut svg = String::from(
        "<svg class=\"chart chart-split\" viewBox=\"0 0 720 36\" role=\"img\" aria-label=\"First replies by customers and by staff\" xmlns=\"http://www.w3.org/2000/svg\">",
    );
    if total == 0 {
        svg.push_str("<rect x=\"0\" y=\"4\" width=\"720\" height=\"28\" fill=\"#eceeed\"/>");
    } else {
        let w = customers as f64 / total as f64 * 720.0;
        let _ = write!(
            svg,
            "<rect x=\"0\" y=\"4\" width=\"{w:.1}\" height=\"28\" fill=\"#0f6e5a\"><title>customers: {customers}</title></rect>\
             <rect x=\"{w:.1}\" y=\"4\" width=\"{:.1}\" height=\"28\" fill=\"#5b3cc4\"><title>staff: {staff}</title></rect>",
            720.0 - w
        );
    }
    svg.push_str("</svg>");
    svg
}

/// The solved share on a band: poor below 40 %, fair to 70 %, healthy above.
pub fn health_band(solved_percent: f64) -> String {
    use crate::forum::service_health::{GOOD_PERCENT, LOW_PERCENT};
    let x = |p: f64| p.clamp(0.0, 100.0) / 100.0 * 360.0;
    let mut svg = String::from(
        "<svg class=\"chart chart-split\" viewBox=\"0 0 360 52\" role=\"img\" aria-label=\"Share of questions solved, on a health band\" xmlns=\"http://www.w3.org/2000/svg\">",
    );
    let _ = write!(
        svg,
        "<rect x=\"0\" y=\"10\" width=\"{:.1}\" height=\"20\" fill=\"#fdecea\"/>\
         <rect x=\"{:.1}\" y=\"10\" width=\"{:.1}\" height=\"20\" fill=\"#fff6db\"/>\
         <rect x=\"{:.1}\" y=\"10\" width=\"{:.1}\" height=\"20\" fill=\"#e2f5ea\"/>\
         <text x=\"4\" y=\"48\" font-size=\"11\" fill=\"#5d6a63\">poor</text>\
         <text x=\"{:.1}\" y=\"48\" font-size=\"11\" fill=\"#5d6a63\">fair {LOW_PERCENT}%</text>\
         <text x=\"{:.1}\" y=\"48\" font-size=\"11\" fill=\"#5d6a63\">healthy {GOOD_PERCENT}%</text>\
         <rect x=\"{:.1}\" y=\"4\" width=\"4\" height=\"32\" fill=\"#1d2420\"><title>{solved_percent}% solved</title></rect>",
        x(LOW_PERCENT),
        x(LOW_PERCENT),
        x(GOOD_PERCENT) - x(LOW_PERCENT),
        x(GOOD_PERCENT),
        360.0 - x(GOOD_PERCENT),
        x(LOW_PERCENT) + 4.0,
        x(GOOD_PERCENT) + 4.0,
        (x(solved_percent) - 2.0).max(0.0)
    );
    svg.push_str("</svg>");
    svg
}

/// Known issues per status, as one stacked bar in the flow's order.
pub fn known_issue_split(rows: &[crate::forum::service_health::KnownIssueStatus]) -> String {
    let total: usize = rows.iter().map(|r| r.issues).sum();
    let mut svg = String::from(
        "<svg class=\"chart chart-split\" viewBox=\"0 0 720 36\" role=\"img\" aria-label=\"Known issues by status\" xmlns=\"http://www.w3.org/2000/svg\">",
    );
    if total == 0 {
        svg.push_str("<rect x=\"0\" y=\"4\" width=\"720\" height=\"28\" fill=\"#eceeed\"/>");
    }
    let mut x = 0.0;
    for (row, colour) in rows
        .iter()
        .zip(["#b42318", "#b45309", "#157347", "#5d6a63"])
        .filter(|_| total > 0)
    {
        let w = row.issues as f64 / total as f64 * 720.0;
        let _ = write!(
            svg,
            "<rect x=\"{x:.1}\" y=\"4\" width=\"{w:.1}\" height=\"28\" fill=\"{colour}\"><title>{}: {} ({} affected)</title></rect>",
            row.label, row.issues, row.affected
        );
        x += w;
    }
    svg.push_str("</svg>");
    svg
}

/// Reminders sent against tasks marked done, as two bars.
pub fn sent_and_done(sent: i64, done: i64) -> String {
    let max = sent.max(done).max(1) as f64;
    let mut svg = String::from(
        "<svg class=\"chart chart-split\" viewBox=\"0 0 360 68\" role=\"img\" aria-label=\"Maintenance reminders sent and tasks marked done\" xmlns=\"http://www.w3.org/2000/svg\">",
    );
    for (i, (label, value, colour)) in [("sent", sent, "#1a4fa0"), ("done", done, "#157347")]
        .into_iter()
        .enumerate()
    {
        let y = 4.0 + i as f64 * 32.0;
        let w = value as f64 / max * 280.0;
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{:.1}\" font-size=\"13\" fill=\"#1d2420\">{label}</text>\
             <rect x=\"60\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"24\" fill=\"{colour}\"><title>{label}: {value}</title></rect>",
            y + 17.0
        );
    }
    svg.push_str("</svg>");
    svg
}
