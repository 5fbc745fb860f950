//! Repair knowledge, the rules: guides, the device catalogue, parts and photos.

pub mod devices;
pub mod guides;
pub mod parts;
pub mod photos;
