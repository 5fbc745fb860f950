//! Staff and moderation, the rules: flags, suspensions, members, the queue and the dashboard.

pub mod dashboard;
pub mod members;
pub mod moderation;
pub mod service_health;
