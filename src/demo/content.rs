//! Static content for `fixloop demo`: a small, realistic repair community
//! around a repairable-laptop maker, a phone maker and an appliance maker.
//! All makers, products and part numbers are fictional.

pub struct DemoDevice {
    pub name: &'static str,
    pub kind: &'static str,
    pub description: &'static str,
    pub children: &'static [DemoDevice],
}

pub struct DemoUser {
    pub username: &'static str,
    pub role: &'static str,
    pub bio: &'static str,
}

pub struct DemoReply {
    pub author: &'static str,
    pub body: &'static str,
}

/// A guide step: title, Markdown body, caution (may be empty).
pub type DemoStep = (&'static str, &'static str, &'static str);

pub struct DemoThread {
    pub kind: &'static str,
    pub title: &'static str,
    pub device: Option<&'static str>,
    pub author: &'static str,
    pub body: &'static str,
    pub days_ago: u32,
    pub replies: &'static [DemoReply],
    /// Guides: their steps.
    pub steps: &'static [DemoStep],
    /// Part swaps: the part's name and the outcome (works | caveats | no_fit).
    pub swap: Option<(&'static str, &'static str)>,
    /// Guides: what the author filled in beyond the steps.
    pub guide: Option<DemoGuide>,
}

/// A guide's details: difficulty, time in minutes, tools, and parts (each
/// part is put in the catalogue, made for the guide's device).
pub struct DemoGuide {
    pub difficulty: &'static str,
    pub minutes: (u32, u32),
    pub tools: &'static [&'static str],
    pub parts: &'static [&'static str],
}

const fn leaf(name: &'static str, kind: &'static str, description: &'static str) -> DemoDevice {
    DemoDevice {
        name,
        kind,
        description,
        children: &[],
    }
}

pub static DEVICES: &[DemoDevice] = &[
    DemoDevice {
        name: "Modulo Computers",
        kind: "maker",
        description: "Makers of repairable laptops with swappable ports, batteries and mainboards.",
        children: &[
            DemoDevice {
                name: "Modulo Laptop 13",
                kind: "line",
                description: "The 13.5-inch repairable laptop.",
                children: &[
                    DemoDevice {
                        name: "Modulo 13 (Intel 12th gen)",
                        kind: "model",
                        description: "2023 mainboard with Intel Core 12th generation.",
                        children: &[
                            leaf(
                                "Modulo 13 Gen12 board rev A",
                                "revision",
                                "First production boards; early BIOS 3.0x.",
                            ),
                            leaf(
                                "Modulo 13 Gen12 board rev B",
                                "revision",
                                "Revised fan header and charging controller.",
                            ),
                        ],
                    },
                    leaf(
                        "Modulo 13 (AMD 7040)",
                        "model",
                        "2024 mainboard with AMD Ryzen 7040.",
                    ),
                ],
            },
            DemoDevice {
                name: "Modulo Laptop 16",
                kind: "line",
                description: "The 16-inch laptop with an expansion bay for a graphics module.",
                children: &[leaf(
                    "Modulo 16 (AMD 7040)",
                    "model",
                    "First Modulo 16 mainboard.",
                )],
            },
        ],
    },
    DemoDevice {
        name: "Openfone",
        kind: "maker",
        description: "A phone built to be opened with a single screwdriver.",
        children: &[DemoDevice {
            name: "Openfone 5",
            kind: "line",
            description: "Fifth generation, modular camera and USB-C port.",
            children: &[leaf("Openfone 5 (2024)", "model", "The current model.")],
        }],
    },
    DemoDevice {
        name: "Hearth Appliances",
        kind: "maker",
        description: "Washing machines and dishwashers with published service manuals.",
        children: &[
            DemoDevice {
                name: "Hearth Washers",
                kind: "line",
                description: "Front-loading washing machines.",
                children: &[leaf("Hearth W7 washer", "model", "7 kg, 1400 rpm.")],
            },
            DemoDevice {
                name: "Hearth Dishwashers",
                kind: "line",
                description: "Full-size dishwashers.",
                children: &[leaf("Hearth D45 dishwasher", "model", "45 cm slimline.")],
            },
        ],
    },
];

pub static USERS: &[DemoUser] = &[
    DemoUser {
        username: "ada_admin",
        role: "admin",
        bio: "Runs the Fixloop community for Modulo.",
    },
    DemoUser {
        username: "sol_support",
        role: "staff",
        bio: "Support engineer at Modulo, laptops and power.",
    },
    DemoUser {
        username: "kai_support",
        role: "staff",
        bio: "Support engineer at Modulo, firmware and thermals.",
    },
    DemoUser {
        username: "rita_repairs",
        role: "member",
        bio: "Runs a small repair shop; fixes twenty laptops a week.",
    },
    DemoUser {
        username: "tinker_tom",
        role: "member",
        bio: "Hobbyist with a soldering iron and too many spare parts.",
    },
    DemoUser {
        username: "student_sam",
        role: "member",
        bio: "Engineering student keeping one laptop alive for five years.",
    },
    DemoUser {
        username: "grandpa_gus",
        role: "member",
        bio: "Retired electrician who repairs the neighbours' appliances.",
    },
    DemoUser {
        username: "mia_mobile",
        role: "member",
        bio: "Phone repairs at the weekend.",
    },
];

pub static THREADS: &[DemoThread] = &[
    DemoThread {
        kind: "troubleshooting",
        title: "Fan spins at full speed after waking from sleep",
        device: Some("Modulo 13 Gen12 board rev A"),
        author: "student_sam",
        body: "Since BIOS **3.05** the fan ramps to 100 % after every resume and stays there until I reboot.\n\n- Tried: BIOS defaults\n- Tried: a fresh install\n\n```\n$ sensors\ncpu_fan: 6200 RPM\nPackage id 0: +41.0°C\n```",
        days_ago: 12,
        replies: &[
            DemoReply { author: "tinker_tom", body: "Same on mine. Temperatures are fine, so it looks like the fan curve, not the heat." },
            DemoReply { author: "kai_support", body: "Thanks for the logs. Which board revision is this? Rev A boards have a known issue with the fan table after resume on 3.05." },
            DemoReply { author: "student_sam", body: "It's rev A (the sticker under the battery says `MB-13G12-A`)." },
            DemoReply { author: "rita_repairs", body: "Hold **Fn + F12** for ten seconds with the lid open: it resets the embedded controller's fan table. Fixed it on three rev A boards in my shop." },
        ],
        steps: &[],
        swap: None,
        guide: None,
    },
    DemoThread {
        kind: "troubleshooting",
        title: "Laptop will not charge past 80 percent",
        device: Some("Modulo 13 (AMD 7040)"),
        author: "tinker_tom",
        body: "Battery stops at 80 % with any charger. The LED stays amber.",
        days_ago: 6,
        replies: &[
            DemoReply { author: "sol_support", body: "Check the BIOS setting *Battery charge limit*: it defaults to 80 % on new boards to make the cell last longer." },
            DemoReply { author: "tinker_tom", body: "That was it. I had no idea the limit existed." },
            DemoReply { author: "student_sam", body: "Good to know, thanks both." },
        ],
        steps: &[],
        swap: None,
        guide: None,
    },
    DemoThread {
        kind: "troubleshooting",
        title: "USB-C port only charges when the cable is held at an angle",
        device: Some("Modulo 13 Gen12 board rev B"),
        author: "mia_mobile",
        body: "The rear-left port charges only if I press the plug upwards. Other ports are fine.",
        days_ago: 2,
        replies: &[],
        steps: &[],
        swap: None,
        guide: None,
    },
    DemoThread {
        kind: "troubleshooting",
        title: "Washer stops with error E21 and water left in the drum",
        device: Some("Hearth W7 washer"),
        author: "grandpa_gus",
        body: "E21 after the rinse, drum full of water. Drain hose is not kinked.\n\n| Check | Result |\n|---|---|\n| Pump coil | 180 Ω |\n| Mains at pump | 230 V |",
        days_ago: 20,
        replies: &[
            DemoReply { author: "rita_repairs", body: "E21 is the drain timeout. With the coil reading fine, it is almost always the **filter behind the kick plate**: a sock or coins." },
            DemoReply { author: "grandpa_gus", body: "Two coins and a hair clip. Draining fine now." },
            DemoReply { author: "tinker_tom", body: "Unplug it from the mains before opening the filter, and keep a tray ready: a litre of water comes out." },
        ],
        steps: &[],
        swap: None,
        guide: None,
    },
    DemoThread {
        kind: "troubleshooting",
        title: "Openfone 5 earpiece is very quiet after a screen replacement",
        device: Some("Openfone 5 (2024)"),
        author: "mia_mobile",
        body: "Calls are barely audible since I replaced the screen. Speakerphone is fine.",
        days_ago: 4,
        replies: &[
            DemoReply { author: "tinker_tom", body: "The new screen may have come without the **mesh sticker** over the earpiece, or the old one is blocking it. Check the alignment." },
        ],
        steps: &[],
        swap: None,
        guide: None,
    },
    DemoThread {
        kind: "guide",
        title: "Replace the battery of the Modulo Laptop 13",
        device: Some("Modulo Laptop 13"),
        author: "rita_repairs",
        body: "A worn battery holds less charge and can swell. This swap takes about 20 minutes with one screwdriver.",
        days_ago: 30,
        replies: &[DemoReply { author: "student_sam", body: "Did it in 15 minutes following this. Thank you!" }],
        steps: &[
            ("Shut down and unplug", "Shut the laptop down completely (not sleep) and unplug the charger.", ""),
            ("Open the bottom cover", "Loosen the five captive **T5** screws and lift the cover from the hinge side.", ""),
            ("Disconnect the battery", "Pull the battery connector straight out by its tab.", "Disconnect the battery before touching anything else. Never puncture or bend a swollen battery."),
            ("Swap the battery", "Remove the three battery screws, lift the old battery out, place the new one and refit the screws.", ""),
            ("Close up and calibrate", "Reconnect, close the cover, and charge to 100 % once before use.", ""),
        ],
        swap: None,
        guide: Some(DemoGuide {
            difficulty: "easy",
            minutes: (15, 30),
            tools: &["T5 Torx screwdriver", "Plastic spudger"],
            parts: &["Modulo Laptop 13 battery 55 Wh"],
        }),
    },
    DemoThread {
        kind: "guide",
        title: "Clean the drain pump filter of a Hearth W7",
        device: Some("Hearth W7 washer"),
        author: "grandpa_gus",
        body: "If the washer shows E21 or leaves water in the drum, clean the pump filter first.",
        days_ago: 45,
        replies: &[],
        steps: &[
            ("Unplug the washer", "Switch off and pull the plug.", "Mains voltage: never open the washer while it is plugged in."),
            ("Drain the water", "Open the kick plate, put a tray under the small hose and drain it.", ""),
            ("Clean the filter", "Unscrew the filter anticlockwise, clean it under the tap, screw it back firmly.", ""),
        ],
        swap: None,
        guide: Some(DemoGuide {
            difficulty: "easy",
            minutes: (20, 40),
            tools: &["Flat screwdriver", "Shallow tray", "Old towels"],
            parts: &[],
        }),
    },
    DemoThread {
        kind: "part_swap",
        title: "Third-party 61 Wh battery in a Modulo 13 Gen12 rev B",
        device: Some("Modulo 13 Gen12 board rev B"),
        author: "tinker_tom",
        body: "Fitted a 61 Wh cell from a parts seller. It works, but the connector sits 1 mm higher: I had to re-route the webcam cable.",
        days_ago: 9,
        replies: &[DemoReply { author: "rita_repairs", body: "Same result in my shop with the same cell. Worth it for the extra capacity." }],
        steps: &[],
        swap: Some(("Battery 61 Wh (third-party)", "caveats")),
        guide: None,
    },
    DemoThread {
        kind: "part_swap",
        title: "Openfone 4 camera module in an Openfone 5",
        device: Some("Openfone 5 (2024)"),
        author: "mia_mobile",
        body: "The Openfone 4 camera module does not fit: the connector is different and the module is 2 mm taller.",
        days_ago: 15,
        replies: &[],
        steps: &[],
        swap: Some(("Openfone 4 camera module", "no_fit")),
        guide: None,
    },
    DemoThread {
        kind: "discussion",
        title: "Which screwdriver set do you use for laptops and phones?",
        device: None,
        author: "student_sam",
        body: "Looking for one kit that covers T5, PH0 and the tri-point screws on phones.",
        days_ago: 25,
        replies: &[
            DemoReply { author: "rita_repairs", body: "A 64-bit precision set with magnetic bits. Buy spare T5 bits: they wear first." },
            DemoReply { author: "grandpa_gus", body: "And a pair of plastic spudgers. Metal tools scratch and can short things." },
        ],
        steps: &[],
        swap: None,
        guide: None,
    },
    DemoThread {
        kind: "discussion",
        title: "Share your oldest still-working Modulo",
        device: Some("Modulo Computers"),
        author: "ada_admin",
        body: "Tell us how long your Modulo has lasted and what you replaced along the way.",
        days_ago: 40,
        replies: &[
            DemoReply { author: "tinker_tom", body: "Four years: one battery, one keyboard, two hinges." },
            DemoReply { author: "sol_support", body: "Love seeing these. Hinge kits are in the store again, by the way." },
        ],
        steps: &[],
        swap: None,
        guide: None,
    },
];
