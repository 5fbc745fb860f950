//! Staff and moderation, the tables: flags, suspensions, members, the queue and the dashboard.

pub mod members;
pub mod moderation;
pub mod stats;
