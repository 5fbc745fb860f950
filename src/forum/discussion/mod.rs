//! Threads and answers, the rules: questions, replies, accepted and verified solutions, escalations to staff, private lines.

pub mod answers;
pub mod escalations;
pub mod post_languages;
pub mod private_messages;
pub mod threads;
