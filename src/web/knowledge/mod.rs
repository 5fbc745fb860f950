//! Repair knowledge, the pages: guides, the device catalogue, parts and photos.

pub mod device_choices;
pub mod devices;
pub mod guides;
pub mod media;
pub mod parts;
