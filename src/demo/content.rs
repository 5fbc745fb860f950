//! Static content for `fixloop demo` (placeholder until the full content lands).

pub struct DemoDevice {
    pub name: &'static str,
    pub kind: &'static str,
    pub description: &'static str,
    pub children: &'static [DemoDevice],
}

pub struct DemoUser {
    pub username: &'static str,
    pub role: &'static str,
    pub bio: &'static str,
}

pub struct DemoReply {
    pub author: &'static str,
    pub body: &'static str,
}

pub struct DemoThread {
    pub kind: &'static str,
    pub title: &'static str,
    pub device: Option<&'static str>,
    pub author: &'static str,
    pub body: &'static str,
    pub days_ago: u32,
    pub replies: &'static [DemoReply],
}

pub static DEVICES: &[DemoDevice] = &[DemoDevice {
    name: "Modulo Computers",
    kind: "maker",
    description: "Repairable laptops.",
    children: &[],
}];
pub static USERS: &[DemoUser] = &[DemoUser {
    username: "ada_admin",
    role: "admin",
    bio: "Runs the forum.",
}];
pub static THREADS: &[DemoThread] = &[DemoThread {
    kind: "discussion",
    title: "Welcome to the demo",
    device: Some("Modulo Computers"),
    author: "ada_admin",
    body: "Hello!",
    days_ago: 1,
    replies: &[DemoReply {
        author: "ada_admin",
        body: "Reply.",
    }],
}];
