//! Threads and answers, the pages: questions, replies, accepted and verified solutions, escalations to staff, private lines.

pub mod answers;
pub mod home;
pub mod private_messages;
pub mod threads;
