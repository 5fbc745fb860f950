//! The device catalogue's names, kept in memory for understanding searches:
//! which device a search's words name ("kenmore washer", "a1278"). Read
//! again only when the catalogue changed, which one indexed query tells
//! (devices are added and renamed, never deleted).

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use diesel::QueryResult;

use super::words::{is_cjk_word, is_stop_word};
use crate::db::DbConn;
use crate::model::knowledge::devices::{self, CatalogueVersion, DeviceBrief};

/// Every device with the words of its name.
#[derive(Debug, Default)]
pub struct DeviceNames {
    devices: Vec<(DeviceBrief, Vec<String>)>,
    /// Each name word → the devices whose name holds it.
    by_word: HashMap<String, Vec<usize>>,
}

impl DeviceNames {
    pub fn new(devices: Vec<DeviceBrief>) -> DeviceNames {
        let mut names = DeviceNames::default();
        for device in devices {
            let words = name_words(&device.name);
            for word in &words {
                names
                    .by_word
                    .entry(word.clone())
                    .or_default()
                    .push(names.devices.len());
            }
            names.devices.push((device, words));
        }
        names
    }

    /// The device a search names: every word of its name is among the
    /// search's words ("kenmore washer"), or one of the search's words is a
    /// model number in its name ("a1278"). The most specific one: most name
    /// words, then the deepest in the tree.
    pub fn named_by(&self, terms: &[String]) -> Option<DeviceBrief> {
        let model_number = |w: &str| {
            w.chars().count() >= 4
                && w.chars().any(|c| c.is_ascii_digit())
                && w.chars().any(char::is_alphabetic)
        };
        let mut candidates: Vec<usize> = terms
            .iter()
            .filter_map(|term| self.by_word.get(term))
            .flatten()
            .copied()
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        candidates
            .into_iter()
            .map(|i| &self.devices[i])
            .filter_map(|(device, words)| {
                let all_named = words.iter().all(|w| terms.contains(w));
                let by_number = words.iter().any(|w| model_number(w) && terms.contains(w));
                let cjk_only = words.iter().all(|w| is_cjk_word(w));
                (all_named || by_number).then_some((
                    (words.len() + usize::from(!cjk_only), device.path.len()),
                    device,
                ))
            })
            .max_by_key(|(rank, _)| *rank)
            .map(|(_, device)| device.clone())
    }
}

/// A device name's words as searches are: lower-case runs of letters and
/// digits, filler words left out ("MacBook Pro 13\" (A1278)" → macbook, pro,
/// 13, a1278).
pub fn name_words(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !is_stop_word(w))
        .collect()
}

/// The names every search of this process reads, with the catalogue's
/// version they were read at.
#[derive(Default)]
pub struct KeptDeviceNames {
    kept: RwLock<Option<(CatalogueVersion, Arc<DeviceNames>)>>,
}

impl KeptDeviceNames {
    /// The names as the catalogue has them now: the kept copy, or the
    /// catalogue read again when it changed.
    pub fn current(&self, conn: &mut DbConn) -> QueryResult<Arc<DeviceNames>> {
        let version = devices::catalogue_version(conn)?;
        if let Some((kept, names)) = &*self.kept.read().expect("device names lock") {
            if *kept == version {
                return Ok(names.clone());
            }
        }
        let names = Arc::new(DeviceNames::new(devices::all_brief(conn)?));
        *self.kept.write().expect("device names lock") = Some((version, names.clone()));
        Ok(names)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn device(id: i64, name: &str, path: &str) -> DeviceBrief {
        DeviceBrief {
            id,
            parent_id: None,
            kind: "model".into(),
            slug: name.to_lowercase().replace(' ', "-"),
            name: name.into(),
            path: path.into(),
        }
    }

    #[test]
    fn the_most_specific_device_named_wins() {
        let words = |s: &str| s.split(' ').map(str::to_owned).collect::<Vec<_>>();
        let names = DeviceNames::new(vec![
            device(1, "Kenmore", "/1/"),
            device(2, "Kenmore Washer", "/1/2/"),
            device(3, "Kenmore Dryer", "/1/3/"),
            device(4, "MacBook Pro 13\" Unibody (A1278)", "/4/"),
            device(5, "모듈로 13", "/5/"),
        ]);
        let named = |q: &str| names.named_by(&words(q)).map(|d| d.id);
        assert_eq!(named("kenmore washer drain pump"), Some(2));
        assert_eq!(named("kenmore lint filter"), Some(1));
        assert_eq!(named("a1278 battery"), Some(4));
        assert_eq!(named("모듈로 13 배터리"), Some(5));
        assert_eq!(named("washer pump"), None);
        assert_eq!(named("macbook battery"), None, "a name is named whole");
    }
}
