//! Small server-rendered SVG charts (no JavaScript, no inline styles: the
//! Content-Security-Policy allows neither). Only numbers, dates and labels go
//! in, never the forum's types: rendering sits below the forum.

use std::fmt::Write;

use chrono::NaiveDate;

use fluent_templates::fluent_bundle::FluentValue;

use crate::i18n::{self, Language};

/// A chart's word in the reader's language, with its arguments (numbers
/// come already written, as the chart writes them).
fn say(lang: Language, key: &str, args: &[(&str, String)]) -> String {
    let args: Vec<(&str, FluentValue<'static>)> = args
        .iter()
        .map(|(name, value)| (*name, value.clone().into()))
        .collect();
    tera::escape_html(&i18n::text_with(lang, key, &args))
}

/// One day's bars: the date, questions opened, questions solved.
pub type Day = (NaiveDate, usize, usize);
/// One labelled share of a whole: label, count, percent of the whole.
pub type Share<'a> = (&'a str, usize, f64);

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 180.0;
const BOTTOM: f64 = 24.0;

/// Questions opened and solved per day, as paired bars.
pub fn daily_bars(days: &[Day], lang: Language) -> String {
    let max = days
        .iter()
        .map(|&(_, opened, solved)| opened.max(solved))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let slot = WIDTH / days.len().max(1) as f64;
    let bar = (slot * 0.4).max(1.0);
    let plot = HEIGHT - BOTTOM;
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">",
        say(lang, "dashboard-chart-daily", &[])
    );
    let date_format = i18n::text(lang, "dashboard-chart-date-format");
    let _ = write!(
        svg,
        "<line x1=\"0\" y1=\"{plot}\" x2=\"{WIDTH}\" y2=\"{plot}\" stroke=\"#c5cec8\"/>"
    );
    for (i, &(date, opened, solved)) in days.iter().enumerate() {
        let x = i as f64 * slot + slot * 0.1;
        let day = date.format(&date_format).to_string();
        for (offset, value, colour, what) in [
            (0.0, opened, "#1a4fa0", "dashboard-chart-day-opened"),
            (bar, solved, "#157347", "dashboard-chart-day-solved"),
        ] {
            let h = value as f64 / max * (plot - 8.0);
            let _ = write!(
                svg,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{bar:.1}\" height=\"{h:.1}\" fill=\"{colour}\"><title>{}</title></rect>",
                x + offset,
                plot - h,
                say(
                    lang,
                    what,
                    &[("date", day.clone()), ("count", value.to_string())]
                )
            );
        }
        let every = (days.len() / 8).max(1);
        if i % every == 0 {
            let _ = write!(
                svg,
                "<text x=\"{:.1}\" y=\"{}\" font-size=\"11\" fill=\"#5d6a63\">{}</text>",
                x,
                HEIGHT - 6.0,
                tera::escape_html(&day)
            );
        }
    }
    let _ = write!(
        svg,
        "<text x=\"2\" y=\"12\" font-size=\"11\" fill=\"#5d6a63\">{}</text>",
        say(lang, "dashboard-chart-max", &[("max", max.to_string())])
    );
    svg.push_str("</svg>");
    svg
}

/// The split of solved questions by recovery path, as one stacked bar.
pub fn path_split(paths: &[Share], lang: Language) -> String {
    let total: usize = paths.iter().map(|&(_, count, _)| count).sum();
    let mut svg = format!(
        "<svg class=\"chart chart-split\" viewBox=\"0 0 720 36\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">",
        say(lang, "dashboard-chart-paths", &[])
    );
    if total == 0 {
        svg.push_str("<rect x=\"0\" y=\"4\" width=\"720\" height=\"28\" fill=\"#eceeed\"/>");
    }
    let mut x = 0.0;
    for (&(label, count, percent), colour) in paths.iter().zip(["#0f6e5a", "#5b3cc4", "#b45309"]) {
        if total == 0 {
            break;
        }
        let w = count as f64 / total as f64 * 720.0;
        let _ = write!(
            svg,
            "<rect x=\"{x:.1}\" y=\"4\" width=\"{w:.1}\" height=\"28\" fill=\"{colour}\"><title>{label}: {count} ({percent}%)</title></rect>"
        );
        x += w;
    }
    svg.push_str("</svg>");
    svg
}

/// First-reply times as horizontal bars, one per bucket.
pub fn first_reply_bars(buckets: &[Share], lang: Language) -> String {
    let max = buckets
        .iter()
        .map(|&(_, count, _)| count)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let row = 30.0;
    // Shown in half a column: a narrow viewBox keeps the text readable.
    let width = 360.0;
    let label_width = 80.0;
    let height = row * buckets.len() as f64 + 8.0;
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">",
        say(lang, "dashboard-chart-first-reply", &[])
    );
    for (i, &(label, count, percent)) in buckets.iter().enumerate() {
        let y = 4.0 + i as f64 * row;
        let w = count as f64 / max * (width - label_width - 80.0);
        let colour = ["#157347", "#0f6e5a", "#b45309", "#b42318"][i.min(3)];
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{:.1}\" font-size=\"13\" fill=\"#1d2420\">{}</text>\
             <rect x=\"{label_width}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"{colour}\"><title>{}: {} ({}%)</title></rect>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" fill=\"#5d6a63\">{} ({}%)</text>",
            y + 17.0,
            label,
            row - 8.0,
            label,
            count,
            percent,
            label_width + w + 6.0,
            y + 17.0,
            count,
            percent
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Who wrote the first replies: customers against staff, as one stacked bar.
pub fn reply_split(customers: usize, staff: usize, lang: Language) -> String {
    let total = customers + staff;
    let mut svg = format!(
        "<svg class=\"chart chart-split\" viewBox=\"0 0 720 36\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">",
        say(lang, "dashboard-chart-reply-split", &[])
    );
    if total == 0 {
        svg.push_str("<rect x=\"0\" y=\"4\" width=\"720\" height=\"28\" fill=\"#eceeed\"/>");
    } else {
        let w = customers as f64 / total as f64 * 720.0;
        let _ = write!(
            svg,
            "<rect x=\"0\" y=\"4\" width=\"{w:.1}\" height=\"28\" fill=\"#0f6e5a\"><title>{}: {customers}</title></rect>\
             <rect x=\"{w:.1}\" y=\"4\" width=\"{:.1}\" height=\"28\" fill=\"#5b3cc4\"><title>{}: {staff}</title></rect>",
            say(lang, "service-customers", &[]),
            720.0 - w,
            say(lang, "service-staff", &[])
        );
    }
    svg.push_str("</svg>");
    svg
}

/// The solved share on a band: poor below `low` percent, fair to `good`,
/// healthy above (the forum's thresholds, 40 and 70).
pub fn health_band(solved_percent: f64, low: f64, good: f64, lang: Language) -> String {
    let x = |p: f64| p.clamp(0.0, 100.0) / 100.0 * 360.0;
    let mut svg = format!(
        "<svg class=\"chart chart-split\" viewBox=\"0 0 360 52\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">",
        say(lang, "dashboard-chart-health", &[])
    );
    let _ = write!(
        svg,
        "<rect x=\"0\" y=\"10\" width=\"{:.1}\" height=\"20\" fill=\"#fdecea\"/>\
         <rect x=\"{:.1}\" y=\"10\" width=\"{:.1}\" height=\"20\" fill=\"#fff6db\"/>\
         <rect x=\"{:.1}\" y=\"10\" width=\"{:.1}\" height=\"20\" fill=\"#e2f5ea\"/>\
         <text x=\"4\" y=\"48\" font-size=\"11\" fill=\"#5d6a63\">{}</text>\
         <text x=\"{:.1}\" y=\"48\" font-size=\"11\" fill=\"#5d6a63\">{}</text>\
         <text x=\"{:.1}\" y=\"48\" font-size=\"11\" fill=\"#5d6a63\">{}</text>\
         <rect x=\"{:.1}\" y=\"4\" width=\"4\" height=\"32\" fill=\"#1d2420\"><title>{}</title></rect>",
        x(low),
        x(low),
        x(good) - x(low),
        x(good),
        360.0 - x(good),
        say(lang, "dashboard-chart-poor", &[]),
        x(low) + 4.0,
        say(lang, "dashboard-chart-fair", &[("percent", low.to_string())]),
        x(good) + 4.0,
        say(lang, "dashboard-chart-healthy", &[("percent", good.to_string())]),
        (x(solved_percent) - 2.0).max(0.0),
        say(
            lang,
            "dashboard-chart-solved",
            &[("percent", solved_percent.to_string())]
        )
    );
    svg.push_str("</svg>");
    svg
}

/// Known issues per status, as one stacked bar in the flow's order: each
/// row is the status's label, its issues and the members they affect.
pub fn known_issue_split(rows: &[(&str, usize, i64)], lang: Language) -> String {
    let total: usize = rows.iter().map(|&(_, issues, _)| issues).sum();
    let mut svg = format!(
        "<svg class=\"chart chart-split\" viewBox=\"0 0 720 36\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">",
        say(lang, "dashboard-chart-known-issues", &[])
    );
    if total == 0 {
        svg.push_str("<rect x=\"0\" y=\"4\" width=\"720\" height=\"28\" fill=\"#eceeed\"/>");
    }
    let mut x = 0.0;
    for (&(label, issues, affected), colour) in rows
        .iter()
        .zip(["#b42318", "#b45309", "#157347", "#5d6a63"])
        .filter(|_| total > 0)
    {
        let w = issues as f64 / total as f64 * 720.0;
        let _ = write!(
            svg,
            "<rect x=\"{x:.1}\" y=\"4\" width=\"{w:.1}\" height=\"28\" fill=\"{colour}\"><title>{label}: {issues} {}</title></rect>",
            say(
                lang,
                "dashboard-chart-affected",
                &[("count", affected.to_string())]
            )
        );
        x += w;
    }
    svg.push_str("</svg>");
    svg
}

/// Reminders sent against tasks marked done, as two bars.
pub fn sent_and_done(sent: i64, done: i64, lang: Language) -> String {
    let max = sent.max(done).max(1) as f64;
    let mut svg = format!(
        "<svg class=\"chart chart-split\" viewBox=\"0 0 360 68\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">",
        say(lang, "dashboard-chart-maintenance", &[])
    );
    for (i, (key, value, colour)) in [
        ("dashboard-chart-sent", sent, "#1a4fa0"),
        ("dashboard-chart-done", done, "#157347"),
    ]
    .into_iter()
    .enumerate()
    {
        let label = say(lang, key, &[]);
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
