//! The forum's devices as the `<option>`s of a device select: the tree in
//! order, each level indented. Every form that asks for a device shows the
//! same list, and so do the staff controls of every thread page ("Move…"),
//! so it is rendered once and kept until the forum changes (as
//! `web::shared_pages` keeps pages); per request only the chosen device is
//! marked. On the 100,000-thread demo (2,060 devices) building it per
//! request took a staff member's thread page from ~2,000 to ~100 requests/s.

use std::collections::HashMap;
use std::sync::Arc;

use crate::db::DbConn;
use crate::error::AppResult;
use crate::model::knowledge::devices::{self, DeviceBrief};
use crate::state::AppState;
use crate::web::page_cache::PageCache;
use crate::web::shared_pages::SharedPages;

pub type KeptChoices = SharedPages<(), DeviceChoices>;

#[derive(Default)]
pub struct DeviceChoices {
    /// `<option value="{slug}">{label}</option>` for every device.
    options_html: String,
}

impl DeviceChoices {
    pub fn load(conn: &mut DbConn) -> AppResult<DeviceChoices> {
        Ok(DeviceChoices::build(devices::all_brief(conn)?))
    }

    /// `all` in name order; children follow their parent, indented.
    fn build(all: Vec<DeviceBrief>) -> DeviceChoices {
        let mut children: HashMap<Option<i64>, Vec<&DeviceBrief>> = HashMap::new();
        for device in &all {
            children.entry(device.parent_id).or_default().push(device);
        }
        let mut options_html = String::with_capacity(all.len() * 64);
        // Depth first, without recursion (a tree is a few levels deep, but
        // nothing here depends on that).
        let mut stack: Vec<(&DeviceBrief, usize)> = children
            .get(&None)
            .map(|roots| roots.iter().rev().map(|d| (*d, 0)).collect())
            .unwrap_or_default();
        while let Some((device, depth)) = stack.pop() {
            options_html.push_str("<option value=\"");
            options_html.push_str(&tera::escape_html(&device.slug));
            options_html.push_str("\">");
            options_html.push_str(&"\u{a0}\u{a0}\u{a0}".repeat(depth));
            options_html.push_str(&tera::escape_html(&device.name));
            options_html.push_str("</option>");
            if let Some(below) = children.get(&Some(device.id)) {
                stack.extend(below.iter().rev().map(|d| (*d, depth + 1)));
            }
        }
        DeviceChoices { options_html }
    }

    /// The options with `selected` (a device's slug, or "" for none) chosen.
    pub fn html(&self, selected: &str) -> String {
        if selected.is_empty() {
            return self.options_html.clone();
        }
        let option = format!("<option value=\"{}\">", tera::escape_html(selected));
        let chosen = format!(
            "<option value=\"{}\" selected>",
            tera::escape_html(selected)
        );
        self.options_html.replacen(&option, &chosen, 1)
    }
}

/// What a blocking closure needs to find the kept choices or load them.
#[derive(Clone)]
pub struct ChoicesSource {
    kept: Arc<KeptChoices>,
    page_cache: Arc<PageCache>,
}

impl ChoicesSource {
    pub fn of(state: &AppState) -> ChoicesSource {
        ChoicesSource {
            kept: state.device_choices.clone(),
            page_cache: state.page_cache.clone(),
        }
    }

    pub fn get(&self, conn: &mut DbConn) -> AppResult<Arc<DeviceChoices>> {
        let generation = self.page_cache.generation();
        if let Some(kept) = self.kept.get(&(), generation) {
            return Ok(kept);
        }
        let choices = Arc::new(DeviceChoices::load(conn)?);
        self.kept.keep(
            (),
            generation,
            self.page_cache.generation(),
            choices.clone(),
        );
        Ok(choices)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn device(id: i64, parent_id: Option<i64>, name: &str) -> DeviceBrief {
        DeviceBrief {
            id,
            parent_id,
            kind: "model".into(),
            slug: name.to_lowercase().replace(' ', "-"),
            name: name.into(),
            path: String::new(),
        }
    }

    #[test]
    fn the_tree_in_order_indented_and_escaped() {
        let choices = DeviceChoices::build(vec![
            device(1, None, "Acme"),
            device(2, Some(1), "Acme Book"),
            device(3, None, "Bolt <Tools>"),
            device(4, Some(2), "Acme Book rev2"),
            device(5, Some(1), "Acme Phone"),
        ]);
        let nbsp = "\u{a0}\u{a0}\u{a0}";
        assert_eq!(
            choices.html(""),
            format!(
                "<option value=\"acme\">Acme</option>\
                 <option value=\"acme-book\">{nbsp}Acme Book</option>\
                 <option value=\"acme-book-rev2\">{nbsp}{nbsp}Acme Book rev2</option>\
                 <option value=\"acme-phone\">{nbsp}Acme Phone</option>\
                 <option value=\"bolt-<tools>\">Bolt &lt;Tools&gt;</option>"
            )
            .replace("bolt-<tools>", "bolt-&lt;tools&gt;")
        );
        let chosen = choices.html("acme-book");
        assert!(chosen.contains("<option value=\"acme-book\" selected>"));
        assert_eq!(chosen.matches(" selected").count(), 1);
        assert!(!choices.html("acme-boo").contains("selected"));
    }
}
