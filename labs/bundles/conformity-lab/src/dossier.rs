//! The product dossiers a student assesses in mode 2: realistic, invented excerpts (documentation, a port scan,
//! an update description, the privacy notice) of the book's products, and what they show (the lab's answer key:
//! which conditions hold, which applicable provisions the product does not implement). Pure data.

use crate::provisions::{Condition, PROVISIONS, Provision};
use crate::rules::{self, Product};

/// One excerpt of a dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Excerpt {
    pub kind: &'static str,
    pub text: &'static str,
}

/// A product's dossier.
#[derive(Debug, Clone, Copy)]
pub struct Dossier {
    pub key: &'static str,
    pub title: &'static str,
    /// The product's description (mode 1 shows the same product).
    pub product: fn() -> Product,
    pub excerpts: &'static [Excerpt],
    /// The conditions that hold for this product.
    pub conditions: &'static [Condition],
    /// The applicable provisions the dossier shows are not implemented; every other applicable one is.
    pub not_implemented: &'static [&'static str],
}

/// What the dossier shows about a provision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Truth {
    NotApplicable,
    Implemented,
    NotImplemented,
}

impl Dossier {
    /// Whether the provision applies to this product.
    pub fn applies(&self, provision: &Provision) -> bool {
        provision.condition.is_none_or(|condition| self.conditions.contains(&condition))
    }

    /// What the dossier shows about `provision`.
    pub fn truth(&self, provision: &Provision) -> Truth {
        if !self.applies(provision) {
            Truth::NotApplicable
        } else if self.not_implemented.contains(&provision.id) {
            Truth::NotImplemented
        } else {
            Truth::Implemented
        }
    }

    /// The applicable mandatory provisions the product fails.
    pub fn failed_mandatory(&self) -> Vec<&'static str> {
        PROVISIONS
            .iter()
            .filter(|provision| provision.is_mandatory() && self.truth(provision) == Truth::NotImplemented)
            .map(|provision| provision.id)
            .collect()
    }
}

pub const SMART_PLUG: Dossier = Dossier {
    key: "smart-plug",
    title: "PlugWise Mini smart plug, firmware 2.4.1",
    product: rules::smart_plug,
    excerpts: &[
        Excerpt {
            kind: "Documentation (quick-start guide)",
            text: "1. Plug in the PlugWise Mini; the LED blinks blue.\n2. Join the Wi-Fi network \"PlugWise-XXXX\" and open http://192.168.4.1/setup to enter your home Wi-Fi.\n3. The local web page (Settings > Device) asks for the user \"admin\" and the password \"admin\" printed on every box; you can keep it or change it under Settings > Password (optional). After five wrong passwords the page locks for 15 minutes.\n4. Pair the plug with the PlugWise app. The plug measures the power drawn by the appliance (no other sensors).\n5. To start again, hold the button for 10 seconds: Wi-Fi settings, schedules and history are erased from the plug.\nModel PW-MINI-EU, printed on the plug and in the app under About. Firmware updates are signed with our release key; tap Update in the app when it offers one.",
        },
        Excerpt {
            kind: "Port scan (nmap -sV, plug on the home network)",
            text: "PORT     STATE SERVICE  VERSION\n23/tcp   open  telnet   BusyBox telnetd (no login prompt: root shell)\n80/tcp   open  http     PlugWise setup 2.4.1 (GET/POST /setup without authentication)\n8883/tcp open  ssl/mqtt TLS 1.3, certificate per device issued by PlugWise CA\nHardware: four pads labelled TX RX GND 3V3 on the board; 115200 baud console prints the boot log and a login-free shell.",
        },
        Excerpt {
            kind: "Update description (release notes and engineering notes)",
            text: "Updates are downloaded over TLS from update.plugwise.example, signed with Ed25519; the bootloader checks the signature and the version before installing (rollback refused). The app shows \"Update available: fixes a security issue in the MQTT client\" and the user taps Install; there is no automatic installation and no periodic check (the app asks once a week). Security fixes are released within 30 days of a confirmed report. The support period is not stated anywhere the buyer can see. There is no secure boot: the bootloader runs whatever is in flash. The app warns before an update that the plug switches off for about a minute.\nEngineering notes: each plug generates its key pair at manufacture and keeps it in encrypted flash; no keys or passwords are in the source code (secret scanner in CI); every field of /setup and every MQTT message is validated (fuzzed in CI).\nVulnerability reports: none of the documents says where to send one.",
        },
        Excerpt {
            kind: "Privacy notice (excerpt)",
            text: "PlugWise processes your e-mail address (your account), the power readings of your plug every minute (to show you your consumption), and, if you agree, usage analytics through the MarketLens SDK to improve our offers. The box \"I agree to analytics\" is ticked when you create your account. You can withdraw under Settings > Privacy at any time. Telemetry (crash reports, signal strength) is sent to PlugWise for maintenance. To delete your account, write to privacy@plugwise.example.",
        },
    ],
    conditions: &[
        Condition::UsesPasswords,
        Condition::UserAuthentication,
        Condition::NotConstrained,
        Condition::Updatable,
        Condition::HardCodedIdentity,
        Condition::DebugInterface,
        Condition::Telemetry,
        Condition::ConsentBasis,
    ],
    not_implemented: &[
        // mandatory
        "5.1-1", "5.2-1", "5.3-13", "5.5-5", "5.6-1", "5.6-4", "6-2", // recommended
        "5.3-4", "5.3-5", "5.3-6", "5.5-4", "5.6-3", "5.6-5", "5.7-1", "5.10-1", "5.11-2", "5.11-4", "5.12-3",
    ],
};

pub const THERMOSTAT: Dossier = Dossier {
    key: "thermostat",
    title: "HomeSense thermostat, firmware 1.8",
    product: rules::thermostat,
    excerpts: &[
        Excerpt {
            kind: "Documentation (installer guide)",
            text: "Set-up: scan the QR code on the back with the HomeSense app; the app and the thermostat pair over Bluetooth with the code printed under the QR code, and the thermostat joins your Wi-Fi. There is no password on the thermostat itself and no local web page; the pairing code can be regenerated in the app (Settings > Security > New pairing code). Sensors: temperature, humidity and a motion sensor for presence (all listed in the manual, p. 4). Factory reset: Settings > Reset erases schedules and history from the device, with a confirmation screen. Model HS-T2 on the front label.",
        },
        Excerpt {
            kind: "Port scan (nmap -sV)",
            text: "PORT     STATE SERVICE  VERSION\n8883/tcp open  ssl/mqtt TLS 1.3, mutual authentication with a per-device certificate\nAll other 65534 TCP ports closed. Hardware: the JTAG port is permanently disabled (fuses blown at the factory); no test pads.\nIdentity: a certificate provisioned at manufacture and renewable over the air; nothing hard-coded identifies the device.",
        },
        Excerpt {
            kind: "Update description",
            text: "Automatic updates are on by default (can be switched to \"notify me\"); the thermostat checks after boot and daily. Images are signed (ECDSA P-256) and verified against a key in one-time-programmable memory; secure boot verifies each stage. If verification fails, or secure boot finds a changed image, the thermostat keeps the previous image and logs the event locally (the app is not told). The app lists each update with the issues it fixes and announces the one-minute restart. Diagnostics telemetry (firmware version, Wi-Fi signal, error codes, no personal data beyond the serial number) is stored; nobody examines it for security anomalies. Security updates within 14 days of a fix. The support period is in the engineering plan (8 years) but not on the box, the website or in the app. Vulnerability reports: security@homesense.example, acknowledged within 5 working days (policy at homesense.example/security).",
        },
        Excerpt {
            kind: "Privacy notice (excerpt)",
            text: "We process your heating schedule and room temperatures to run the service you bought (contract); presence is computed on the thermostat and never leaves it. We keep hourly aggregates for 13 months. Telemetry (diagnostics) is sent to HomeSense; this notice does not say what it contains or who receives it. Delete your account in the app; data on our servers is then deleted within 30 days.",
        },
    ],
    conditions: &[
        Condition::UserAuthentication,
        Condition::NotConstrained,
        Condition::Updatable,
        Condition::DetectsSoftwareChange,
        Condition::Telemetry,
    ],
    not_implemented: &["5.3-13", "6-5", "5.7-2", "5.10-1", "5.11-4"],
};

/// The student's own product: no excerpts and no answer key (no exercise uses it); the evidence is theirs, and
/// the product is the one described in mode 1's form.
pub const OWN_PRODUCT: Dossier = Dossier {
    key: "own-product",
    title: "Your own product (your evidence)",
    product: rules::thermostat,
    excerpts: &[Excerpt {
        kind: "No dossier",
        text: "Describe your product in the form of \"Which rules apply\" (its name heads the exported ICS), then decide each provision from your own documents, scans and tests, naming the evidence. The smart plug's dossier shows the kind of evidence each decision needs.",
    }],
    conditions: &[],
    not_implemented: &[],
};

/// Every dossier, in the lab's order.
pub const DOSSIERS: &[Dossier] = &[SMART_PLUG, THERMOSTAT, OWN_PRODUCT];

pub fn find_dossier(key: &str) -> Option<&'static Dossier> {
    DOSSIERS.iter().find(|dossier| dossier.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provisions::find_provision;

    #[test]
    fn every_listed_failure_is_an_applicable_provision() {
        for dossier in DOSSIERS {
            for id in dossier.not_implemented {
                let provision = find_provision(id).unwrap_or_else(|| panic!("{} lists unknown {id}", dossier.key));
                assert!(dossier.applies(provision), "{}: {id} is not applicable", dossier.key);
            }
        }
    }

    #[test]
    fn the_smart_plug_fails_seven_mandatory_provisions() {
        assert_eq!(SMART_PLUG.failed_mandatory(), ["5.1-1", "5.2-1", "5.3-13", "5.5-5", "5.6-1", "5.6-4", "6-2"]);
        let universal = find_provision("5.1-2").expect("5.1-2");
        assert_eq!(SMART_PLUG.truth(universal), Truth::NotApplicable, "its password is universal, not unique");
        assert_eq!(THERMOSTAT.truth(find_provision("5.6-4").expect("5.6-4")), Truth::NotApplicable);
        assert_eq!(THERMOSTAT.truth(find_provision("6-5").expect("6-5")), Truth::NotImplemented);
    }
}
