//! `fixloop export FILE`: the database in the import format, in an order
//! where every reference points to a line above it. Ids in the file are the
//! rows' ids. What the forum shows nobody is left out: threads withdrawn by
//! staff (their opening post hidden), hidden replies and hidden guide steps.

use std::collections::{HashMap, HashSet};
use std::io::Write;

use super::{
    DeviceLine, GuideStepLine, MemberLine, OwnedDeviceLine, PartLine, PostLine, Record,
    SolutionLine, SourceId, Stamp, ThreadLine, VerificationLine, VoteLine,
};
use crate::db::DbConn;
use crate::model::integrations::export as store;

const PAGE: i64 = 1000;

#[derive(Debug, Default)]
pub struct Summary {
    pub lines: usize,
    /// Hidden replies and guide steps, and withdrawn threads.
    pub left_out: usize,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Wrote {} lines", self.lines)?;
        if self.left_out > 0 {
            write!(
                f,
                " ({} hidden replies and guide steps and withdrawn threads were left out)",
                self.left_out
            )?;
        }
        write!(f, ".")
    }
}

struct Out<W: Write> {
    writer: W,
    lines: usize,
}

impl<W: Write> Out<W> {
    fn write(&mut self, record: Record) -> anyhow::Result<()> {
        serde_json::to_writer(&mut self.writer, &record)?;
        self.writer.write_all(b"\n")?;
        self.lines += 1;
        Ok(())
    }
}

fn id(n: i64) -> SourceId {
    SourceId::of(n)
}

/// A stored hash worth carrying over: a real argon2 PHC string (not the
/// marks of accounts without a password).
fn usable_hash(hash: &str) -> Option<String> {
    argon2::password_hash::PasswordHash::new(hash)
        .is_ok()
        .then(|| hash.to_owned())
}

pub fn run(conn: &mut DbConn, writer: impl Write) -> anyhow::Result<Summary> {
    let mut out = Out { writer, lines: 0 };
    let mut left_out = 0;

    // Members, those who left too (erased: what they wrote keeps an author).
    let mut after = 0;
    loop {
        let page = store::users_after(conn, after, PAGE)?;
        let Some(last) = page.last() else { break };
        after = last.id;
        for user in page {
            out.write(Record::Member(MemberLine {
                id: id(user.id),
                username: user.username,
                email: user.email,
                role: user.role,
                bio: user.bio,
                password_hash: usable_hash(&user.password_hash),
                email_verified: user.email_verified_at.is_some(),
                created_at: Some(Stamp(user.created_at)),
                left: user.deleted_at.is_some(),
            }))?;
        }
    }

    // Devices, parents before children.
    let mut devices = store::all_devices(conn)?;
    devices.sort_by_key(|d| (d.path.matches('/').count(), d.id));
    for device in devices {
        out.write(Record::Device(DeviceLine {
            id: id(device.id),
            name: device.name,
            kind: device.kind,
            parent: device.parent_id.map(id),
            slug: device.slug,
            description: device.description_md,
            created_at: Some(Stamp(device.created_at)),
        }))?;
    }
    let mut fits: HashMap<i64, Vec<SourceId>> = HashMap::new();
    for (part_id, device_id) in store::all_fits(conn)? {
        fits.entry(part_id).or_default().push(id(device_id));
    }
    for part in store::all_parts(conn)? {
        out.write(Record::Part(PartLine {
            id: id(part.id),
            name: part.name,
            slug: part.slug,
            part_number: part.part_number,
            description: part.description_md,
            fits: fits.remove(&part.id).unwrap_or_default(),
            created_at: Some(Stamp(part.created_at)),
        }))?;
    }

    let mut after = 0;
    loop {
        let page = store::owned_after(conn, after, PAGE)?;
        let Some(last) = page.last() else { break };
        after = last.id;
        for owned in page {
            out.write(Record::OwnedDevice(OwnedDeviceLine {
                id: id(owned.id),
                member: id(owned.user_id),
                device: id(owned.device_id),
                nickname: owned.nickname,
                purchased_on: owned.purchased_on,
                firmware: owned.firmware,
                shown_on_profile: owned.shown_on_profile,
                created_at: Some(Stamp(owned.created_at)),
            }))?;
        }
    }

    // Threads with their opening post and what their kind adds.
    // Thread -> asker, for the threads in the file.
    let mut threads: HashMap<i64, i64> = HashMap::new();
    let mut idea_authors: HashMap<i64, i64> = HashMap::new();
    // A guide's opening post -> the guide (verifications of guides name it).
    let mut guide_openings: HashMap<i64, i64> = HashMap::new();
    let mut after = 0;
    loop {
        let page = store::threads_after(conn, after, PAGE)?;
        let Some((last, _)) = page.last() else { break };
        after = last.id;
        let ids: Vec<i64> = page.iter().map(|(t, _)| t.id).collect();
        let issues: HashMap<i64, (String, Option<String>)> = store::issues_among(conn, &ids)?
            .into_iter()
            .map(|(t, status, fixed)| (t, (status, fixed)))
            .collect();
        let ideas: HashMap<i64, String> = store::ideas_among(conn, &ids)?.into_iter().collect();
        let swaps: HashMap<i64, (i64, String, String)> = store::swaps_among(conn, &ids)?
            .into_iter()
            .map(|(t, part, outcome, caveats)| (t, (part, outcome, caveats)))
            .collect();
        let mut guides: HashMap<i64, crate::model::knowledge::guides::Guide> =
            store::guides_among(conn, &ids)?
                .into_iter()
                .map(|g| (g.thread_id, g))
                .collect();
        for (thread, opening) in page {
            if opening.hidden {
                left_out += 1;
                continue;
            }
            threads.insert(thread.id, thread.author_id);
            if thread.kind == "guide" {
                guide_openings.insert(opening.id, thread.id);
            }
            let mut line = ThreadLine {
                id: id(thread.id),
                kind: thread.kind,
                title: thread.title,
                author: id(thread.author_id),
                device: thread.device_id.map(id),
                body: opening.body_md,
                created_at: Some(Stamp(thread.created_at)),
                status: None,
                fixed_in: String::new(),
                part: None,
                outcome: None,
                caveats: String::new(),
                difficulty: None,
                time_min: None,
                time_max: None,
                tools: None,
                parts: None,
                conclusion: None,
            };
            if let Some((status, fixed_in)) = issues.get(&thread.id) {
                line.status = Some(status.clone());
                line.fixed_in = fixed_in.clone().unwrap_or_default();
            }
            if let Some(status) = ideas.get(&thread.id) {
                line.status = Some(status.clone());
                idea_authors.insert(thread.id, thread.author_id);
            }
            if let Some((part, outcome, caveats)) = swaps.get(&thread.id) {
                line.part = Some(id(*part));
                line.outcome = Some(outcome.clone());
                line.caveats = caveats.clone();
            }
            if let Some(guide) = guides.remove(&thread.id) {
                // One item a line, as the guide page lists them.
                let items = |text: &str| -> Option<Vec<String>> {
                    let items: Vec<String> = text
                        .lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .map(str::to_owned)
                        .collect();
                    (!items.is_empty()).then_some(items)
                };
                line.difficulty = guide.difficulty;
                line.time_min = guide.time_min.map(i64::from);
                line.time_max = guide.time_max.map(i64::from);
                line.tools = items(&guide.tools);
                line.parts = items(&guide.parts);
                line.conclusion = (!guide.conclusion_md.is_empty()).then_some(guide.conclusion_md);
            }
            out.write(Record::Thread(Box::new(line)))?;
        }
    }

    // Guide steps, each guide's in order (the file numbers them); hidden
    // ones left out, so the steps after one move up a place.
    let mut after = (0, 0, 0);
    loop {
        let page = store::steps_after(conn, after, PAGE)?;
        let Some(last) = page.last() else { break };
        after = (last.thread_id, last.position, last.id);
        for step in page {
            if step.hidden || !threads.contains_key(&step.thread_id) {
                left_out += 1;
                continue;
            }
            out.write(Record::GuideStep(GuideStepLine {
                id: id(step.id),
                guide: id(step.thread_id),
                title: step.title,
                body: step.body_md,
                caution: step.caution,
                note: step.note,
                created_at: Some(Stamp(step.created_at)),
            }))?;
        }
    }

    let mut replies: HashSet<i64> = HashSet::new();
    let mut after = 0;
    loop {
        let page = store::replies_after(conn, after, PAGE)?;
        let Some(last) = page.last() else { break };
        after = last.id;
        for post in page {
            if post.hidden || !threads.contains_key(&post.thread_id) {
                left_out += 1;
                continue;
            }
            replies.insert(post.id);
            out.write(Record::Post(PostLine {
                id: id(post.id),
                thread: id(post.thread_id),
                author: id(post.author_id),
                body: post.body_md,
                created_at: Some(Stamp(post.created_at)),
            }))?;
        }
    }

    let mut after = 0;
    loop {
        let page = store::solutions_after(conn, after, PAGE)?;
        let Some(last) = page.last() else { break };
        after = last.0;
        for (thread_id, post_id, marked_by, solved_at) in page {
            let marked_by = marked_by.or_else(|| threads.get(&thread_id).copied());
            if let (true, Some(marked_by)) = (replies.contains(&post_id), marked_by) {
                out.write(Record::Solution(SolutionLine {
                    id: id(thread_id),
                    post: id(post_id),
                    // Solutions from before it was recorded: the asker's.
                    marked_by: id(marked_by),
                    created_at: solved_at.map(Stamp),
                }))?;
            }
        }
    }

    let mut after = (0, 0);
    loop {
        let page = store::votes_after(conn, after, PAGE)?;
        let Some(last) = page.last() else { break };
        after = (last.0, last.1);
        for (post_id, user_id, at) in page {
            if replies.contains(&post_id) {
                out.write(Record::Vote(VoteLine {
                    id: SourceId(format!("post-{post_id}-{user_id}")),
                    member: id(user_id),
                    post: Some(id(post_id)),
                    thread: None,
                    created_at: Some(Stamp(at)),
                }))?;
            }
        }
    }
    let mut after = (0, 0);
    loop {
        let page = store::idea_votes_after(conn, after, PAGE)?;
        let Some(last) = page.last() else { break };
        after = (last.0, last.1);
        for (thread_id, user_id, at) in page {
            // The proposer's vote comes with the idea.
            let proposer = idea_authors.get(&thread_id);
            if proposer.is_some_and(|p| *p != user_id) {
                out.write(Record::Vote(VoteLine {
                    id: SourceId(format!("idea-{thread_id}-{user_id}")),
                    member: id(user_id),
                    post: None,
                    thread: Some(id(thread_id)),
                    created_at: Some(Stamp(at)),
                }))?;
            }
        }
    }
    // Staff verifications of replies, and of guides (their opening post).
    let mut after = 0;
    loop {
        let page = store::verifications_after(conn, after, PAGE)?;
        let Some(last) = page.last() else { break };
        after = last.0;
        for (verification_id, post_id, staff_id, note, at) in page {
            let of = if replies.contains(&post_id) {
                (Some(id(post_id)), None)
            } else if let Some(guide) = guide_openings.get(&post_id) {
                (None, Some(id(*guide)))
            } else {
                continue;
            };
            out.write(Record::Verification(VerificationLine {
                id: id(verification_id),
                staff: id(staff_id),
                post: of.0,
                thread: of.1,
                note,
                created_at: Some(Stamp(at)),
            }))?;
        }
    }
    out.writer.flush()?;
    Ok(Summary {
        lines: out.lines,
        left_out,
    })
}
