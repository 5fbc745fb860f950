//! Moving a community in and out: `fixloop import FILE` and `fixloop export
//! FILE`, in the JSON Lines format docs/import-format.md describes. One line
//! is one record with a `type` and the file's own stable `id`; references
//! name other records by those ids.

pub mod export;
pub mod import;

use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A record's id in the file: a string, or a number (kept as its digits).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SourceId(pub String);

impl SourceId {
    pub fn of(id: i64) -> SourceId {
        SourceId(id.to_string())
    }
}

impl std::fmt::Display for SourceId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "\"{}\"", self.0)
    }
}

impl Serialize for SourceId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for SourceId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<SourceId, D::Error> {
        use serde::de::Error;
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::String(s) if !s.trim().is_empty() && s.len() <= 200 => {
                Ok(SourceId(s))
            }
            serde_json::Value::Number(n) if n.is_i64() || n.is_u64() => Ok(SourceId(n.to_string())),
            _ => Err(D::Error::custom(
                "an id is a non-empty string (at most 200 bytes) or a whole number",
            )),
        }
    }
}

/// A moment in RFC 3339 (`2026-03-14T09:30:00Z`, any offset); kept as UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp(pub NaiveDateTime);

impl Serialize for Stamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(
            &self
                .0
                .and_utc()
                .to_rfc3339_opts(SecondsFormat::AutoSi, true),
        )
    }
}

impl<'de> Deserialize<'de> for Stamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Stamp, D::Error> {
        use serde::de::Error;
        let raw = String::deserialize(d)?;
        DateTime::parse_from_rfc3339(&raw)
            .map(|t| Stamp(t.with_timezone(&Utc).naive_utc()))
            .map_err(|_| {
                D::Error::custom(format!(
                    "“{}” is not an RFC 3339 time like 2026-03-14T09:30:00Z",
                    raw.chars().take(40).collect::<String>()
                ))
            })
    }
}

/// When a record happened: as the file says, or the moment of the import.
pub fn when(at: Option<Stamp>, now: NaiveDateTime) -> NaiveDateTime {
    at.map_or(now, |s| s.0)
}

fn yes() -> bool {
    true
}

fn member_role() -> String {
    "member".into()
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_true(b: &bool) -> bool {
    *b
}

/// One line of the file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Record {
    Member(MemberLine),
    Device(DeviceLine),
    Part(PartLine),
    OwnedDevice(OwnedDeviceLine),
    Thread(Box<ThreadLine>),
    GuideStep(GuideStepLine),
    Post(PostLine),
    Solution(SolutionLine),
    Vote(VoteLine),
    Verification(VerificationLine),
}

/// The record types, in the order an export writes them (every reference
/// points to a line above it).
pub const TYPES: [&str; 10] = [
    "member",
    "device",
    "part",
    "owned_device",
    "thread",
    "guide_step",
    "post",
    "solution",
    "vote",
    "verification",
];

impl Record {
    pub fn type_name(&self) -> &'static str {
        match self {
            Record::Member(_) => "member",
            Record::Device(_) => "device",
            Record::Part(_) => "part",
            Record::OwnedDevice(_) => "owned_device",
            Record::Thread(_) => "thread",
            Record::GuideStep(_) => "guide_step",
            Record::Post(_) => "post",
            Record::Solution(_) => "solution",
            Record::Vote(_) => "vote",
            Record::Verification(_) => "verification",
        }
    }

    pub fn id(&self) -> &SourceId {
        match self {
            Record::Member(r) => &r.id,
            Record::Device(r) => &r.id,
            Record::Part(r) => &r.id,
            Record::OwnedDevice(r) => &r.id,
            Record::Thread(r) => &r.id,
            Record::GuideStep(r) => &r.id,
            Record::Post(r) => &r.id,
            Record::Solution(r) => &r.id,
            Record::Vote(r) => &r.id,
            Record::Verification(r) => &r.id,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberLine {
    pub id: SourceId,
    pub username: String,
    pub email: String,
    /// member, staff or admin.
    #[serde(default = "member_role")]
    pub role: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub bio: String,
    /// An argon2 PHC string; without it the member has no usable password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_hash: Option<String>,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub email_verified: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Stamp>,
    /// Left the forum: the account is kept erased (`former-member-<id>`),
    /// so their posts keep an author; name and address are not used.
    #[serde(default, skip_serializing_if = "is_false")]
    pub left: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviceLine {
    pub id: SourceId,
    pub name: String,
    /// maker, line, model or revision.
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<SourceId>,
    /// The URL name; made from the name when left out.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub slug: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Stamp>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartLine {
    pub id: SourceId,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub slug: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub part_number: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The devices it is made for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fits: Vec<SourceId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Stamp>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OwnedDeviceLine {
    pub id: SourceId,
    pub member: SourceId,
    pub device: SourceId,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub nickname: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purchased_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub firmware: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub shown_on_profile: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Stamp>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThreadLine {
    pub id: SourceId,
    /// troubleshooting, guide, part_swap, discussion, known_issue or idea.
    pub kind: String,
    pub title: String,
    pub author: SourceId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<SourceId>,
    /// The opening post, in Markdown.
    pub body: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Stamp>,
    /// Known issues and ideas: where they stand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Known issues: what fixed it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub fixed_in: String,
    /// Part-swap reports: the part, works | caveats | no_fit, what had to be done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<SourceId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub caveats: String,
    /// Guides: easy, moderate, difficult or very_difficult (not set when
    /// left out)...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difficulty: Option<String>,
    /// ...the time it takes, in whole minutes, both ends or neither (not set
    /// when left out)...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_min: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_max: Option<i64>,
    /// ...the tools and parts it needs, one item each...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tools: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parts: Option<Vec<String>>,
    /// ...and its conclusion, in Markdown. Other kinds of thread have none
    /// of these: a line that gives them one is refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conclusion: Option<String>,
}

/// A step of a guide; a guide's steps are numbered in the order of the file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuideStepLine {
    pub id: SourceId,
    /// The guide (a thread of kind guide).
    pub guide: SourceId,
    pub title: String,
    /// What to do, in Markdown.
    pub body: String,
    /// Shown as a warning.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub caution: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Stamp>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostLine {
    pub id: SourceId,
    pub thread: SourceId,
    pub author: SourceId,
    pub body: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Stamp>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SolutionLine {
    pub id: SourceId,
    /// The accepted reply.
    pub post: SourceId,
    /// The asker, or staff.
    pub marked_by: SourceId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Stamp>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoteLine {
    pub id: SourceId,
    pub member: SourceId,
    /// A helpful vote for a reply...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post: Option<SourceId>,
    /// ...or a vote for an idea (exactly one of the two).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread: Option<SourceId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Stamp>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerificationLine {
    pub id: SourceId,
    /// The staff member who verified it.
    pub staff: SourceId,
    /// A reply...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post: Option<SourceId>,
    /// ...or a guide (exactly one of the two).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread: Option<SourceId>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Stamp>,
}

/// Reads one line as a record, or says what is wrong with it.
pub fn parse_line(line: &str) -> Result<Record, String> {
    let value: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("not valid JSON ({e})"))?;
    let Some(object) = value.as_object() else {
        return Err("a line is one JSON object".into());
    };
    match object.get("type") {
        None => return Err("missing field `type`".into()),
        Some(serde_json::Value::String(t)) if !TYPES.contains(&t.as_str()) => {
            return Err(format!(
                "unknown type “{}”: one of {}",
                t.chars().take(40).collect::<String>(),
                TYPES.join(", ")
            ))
        }
        Some(serde_json::Value::String(_)) => {}
        Some(_) => return Err("`type` is a string".into()),
    }
    Record::deserialize(value).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_parse_and_say_what_is_wrong() {
        let ok = parse_line(
            r#"{"type":"post","id":7,"thread":"t1","author":"u2","body":"Hi","created_at":"2025-01-02T03:04:05+01:00"}"#,
        )
        .unwrap();
        let Record::Post(post) = ok else {
            panic!("a post")
        };
        assert_eq!(post.id, SourceId("7".into()));
        assert_eq!(
            post.created_at.unwrap().0.to_string(),
            "2025-01-02 02:04:05"
        );

        let wrong = |line: &str| parse_line(line).unwrap_err();
        assert!(wrong("{nope").starts_with("not valid JSON"));
        assert!(wrong(r#"{"type":"kitten","id":"1"}"#).contains("unknown type “kitten”"));
        assert!(
            wrong(r#"{"type":"post","id":"1","thread":"t","author":"a"}"#)
                .contains("missing field `body`")
        );
        assert!(wrong(
            r#"{"type":"post","id":"1","thread":"t","author":"a","body":"x","colour":1}"#
        )
        .contains("unknown field `colour`"));
        assert!(
            wrong(r#"{"type":"post","id":"","thread":"t","author":"a","body":"x"}"#)
                .contains("an id is")
        );
        assert!(wrong(
            r#"{"type":"post","id":"1","thread":"t","author":"a","body":"x","created_at":"yesterday"}"#
        )
        .contains("not an RFC 3339 time"));
    }

    #[test]
    fn records_write_the_lines_they_read() {
        for line in [
            r#"{"type":"vote","id":"v1","member":"u1","post":"p1","created_at":"2025-01-02T03:04:05Z"}"#,
            r#"{"type":"thread","id":"g1","kind":"guide","title":"Swap the fan","author":"u1","body":"Intro.","difficulty":"easy","time_min":5,"time_max":10,"tools":["Spudger"],"parts":["Fan"],"conclusion":"Done."}"#,
            r#"{"type":"guide_step","id":"s1","guide":"g1","title":"Open it","body":"Undo the screws.","caution":"Unplug it.","note":"Slowly."}"#,
        ] {
            let record = parse_line(line).unwrap();
            assert_eq!(serde_json::to_string(&record).unwrap(), line);
        }
    }
}
