//! What every page's frame gives each reader: the sections in the header's
//! menu for everyone (known issues, ideas and parts too), the staff and admin
//! pages only to those who may open them, and one h1 on the home page, whose
//! "Unsolved" tab lists questions only.

use fixloop::model::accounts::users::Role;

use crate::common::{each_db, member, staff};

const SECTIONS: &[&str] = &[
    "href=\"/devices\"",
    "href=\"/known-issues\"",
    "href=\"/ideas\"",
    "href=\"/parts\"",
];

fn h1_count(body: &str) -> usize {
    body.matches("<h1").count()
}

#[actix_web::test]
async fn the_menu_offers_every_section_and_only_the_pages_each_may_open() {
    each_db(|app| async move {
        let visitor = app.visitor().await;
        let home = visitor.get("/").await;
        home.assert_status(200);
        for section in SECTIONS {
            assert!(
                home.body.contains(section),
                "visitors' menu lacks {section}"
            );
        }
        assert!(
            home.body.contains("href=\"/register\""),
            "visitors are offered to join"
        );
        assert!(
            !home.body.contains("/staff/queue"),
            "no staff pages for visitors"
        );
        assert_eq!(
            h1_count(&home.body),
            1,
            "the visitors' home page has one h1"
        );
        // Guides are never "unsolved": the tab lists questions only.
        assert!(home
            .body
            .contains("href=\"/?kind=troubleshooting&amp;status=open\""));

        let amy = member(&app, "layout_amy").await;
        let home = amy.get("/").await;
        for section in SECTIONS {
            assert!(home.body.contains(section), "members' menu lacks {section}");
        }
        assert!(
            home.body.contains("href=\"/settings\"") && home.body.contains("action=\"/logout\"")
        );
        assert!(
            !home.body.contains("/staff/queue"),
            "no staff pages for members"
        );
        assert_eq!(h1_count(&home.body), 1, "the members' home page has one h1");

        let sol = staff(&app, "layout_sol").await;
        let page = sol.get("/devices").await;
        assert!(
            page.body.contains("href=\"/staff/queue\""),
            "staff find the queue in the menu"
        );
        assert!(
            !page.body.contains("href=\"/admin/members\""),
            "admin pages only for admins"
        );

        let ada = app.visitor().await;
        ada.register_as("layout_ada", Role::Admin).await;
        let page = ada.get("/devices").await;
        assert!(
            page.body.contains("href=\"/admin/members\"")
                && page.body.contains("href=\"/admin/webhooks\"")
        );
    })
    .await;
}
