//! Before-service, the rules: owned devices, maintenance reminders, known issues, firmware reports, ideas.

pub mod firmware;
pub mod ideas;
pub mod known_issues;
pub mod maintenance;
pub mod owned_devices;
