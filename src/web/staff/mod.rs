//! Staff and moderation, the pages: flags, suspensions, members, the queue and the dashboard.

pub mod desk;
pub mod members;
pub mod moderation;
