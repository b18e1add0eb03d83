//! The firmware images of the book's smart plug (and one of the thermostat, for the wrong-class attack): a small
//! payload each, built from the image's component list, whose last line is what the boot self-test reports.

use serde::{Deserialize, Serialize};

/// The vendor of the smart plug (RFC 9019's vendor identifier; SUIT uses a UUID, the lab a readable name).
pub const VENDOR_ID: &str = "example-plugs.eu";
/// The smart plug's device class (RFC 9019's class identifier).
pub const PLUG_CLASS: &str = "plug-mini-v2";
/// The thermostat's class, same vendor.
pub const THERMOSTAT_CLASS: &str = "thermo-t1";
/// Where the vendor's update server publishes payloads.
pub const UPDATE_SERVER: &str = "https://updates.example-plugs.eu/fw/";

/// A software component built into an image (a line of its SBOM).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Component {
    pub name: &'static str,
    pub version: &'static str,
    pub supplier: &'static str,
    /// What the vendor changed in it (a backported fix), if anything.
    pub patch: Option<&'static str>,
}

impl Component {
    /// Its package URL (`pkg:generic/...`: the components are invented, not from a real ecosystem).
    pub fn purl(&self) -> String {
        format!("pkg:generic/{}@{}", self.name, self.version)
    }
}

/// A firmware image the vendor can build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Image {
    pub key: &'static str,
    pub title: &'static str,
    pub class_id: &'static str,
    pub version: &'static str,
    /// The manifest's sequence number (anti-rollback counter).
    pub sequence: u64,
    pub components: &'static [Component],
    /// Whether it passes the boot self-test.
    pub healthy: bool,
}

const APP_1_0: Component = Component { name: "plug-app", version: "1.0.0", supplier: VENDOR_ID, patch: None };
const APP_1_2: Component = Component { name: "plug-app", version: "1.2.0", supplier: VENDOR_ID, patch: None };
const APP_1_3: Component = Component { name: "plug-app", version: "1.3.0", supplier: VENDOR_ID, patch: None };
const APP_1_4: Component = Component { name: "plug-app", version: "1.4.0", supplier: VENDOR_ID, patch: None };
const KERNEL: Component = Component { name: "tideos", version: "4.2.0", supplier: "TideOS Project", patch: None };
const TLS_OLD: Component =
    Component { name: "ember-tls", version: "3.5.1", supplier: "Ember TLS Maintainers", patch: None };
const TLS_NEW: Component =
    Component { name: "ember-tls", version: "3.5.2", supplier: "Ember TLS Maintainers", patch: None };
const MQTT: Component =
    Component { name: "mqttlite", version: "2.1.0", supplier: "mqttlite contributors", patch: None };
const JSON_OLD: Component =
    Component { name: "cjsonette", version: "1.7.3", supplier: "cjsonette authors", patch: None };
const JSON_PATCHED: Component = Component {
    name: "cjsonette",
    version: "1.7.3",
    supplier: "cjsonette authors",
    patch: Some("fix for EXAMPLE-ADV-2026-0103 backported by example-plugs.eu"),
};

/// The images, in the order the vendor built them.
pub const IMAGES: &[Image] = &[
    Image {
        key: "plug-1.0.0",
        title: "Smart plug 1.0.0 (old, signed in 2025)",
        class_id: PLUG_CLASS,
        version: "1.0.0",
        sequence: 1,
        components: &[APP_1_0, KERNEL, TLS_OLD, MQTT, JSON_OLD],
        healthy: true,
    },
    Image {
        key: "plug-1.2.0",
        title: "Smart plug 1.2.0 (installed on the device)",
        class_id: PLUG_CLASS,
        version: "1.2.0",
        sequence: 3,
        components: &[APP_1_2, KERNEL, TLS_OLD, MQTT, JSON_PATCHED],
        healthy: true,
    },
    Image {
        key: "plug-1.3.0",
        title: "Smart plug 1.3.0 (the security fix)",
        class_id: PLUG_CLASS,
        version: "1.3.0",
        sequence: 4,
        components: &[APP_1_3, KERNEL, TLS_NEW, MQTT, JSON_PATCHED],
        healthy: true,
    },
    Image {
        key: "plug-1.4.0-beta",
        title: "Smart plug 1.4.0 beta (fails its self-test)",
        class_id: PLUG_CLASS,
        version: "1.4.0",
        sequence: 5,
        components: &[APP_1_4, KERNEL, TLS_NEW, MQTT, JSON_PATCHED],
        healthy: false,
    },
    Image {
        key: "thermostat-2.0.0",
        title: "Thermostat 2.0.0 (another device class)",
        class_id: THERMOSTAT_CLASS,
        version: "2.0.0",
        sequence: 9,
        components: &[KERNEL, TLS_NEW, MQTT],
        healthy: true,
    },
];

/// The image with this key.
pub fn image(key: &str) -> Option<&'static Image> {
    IMAGES.iter().find(|image| image.key == key)
}

/// The image installed when the lab starts.
pub fn factory_image() -> &'static Image {
    &IMAGES[1]
}

/// The line a payload ends with when its self-test passes.
pub const SELF_TEST_OK: &str = "self-test: ok";

impl Image {
    /// The payload bytes: a header, the component list, the self-test line.
    pub fn payload(&self) -> Vec<u8> {
        let mut text = format!("FW {} {} {}\n", self.class_id, self.version, self.sequence);
        for component in self.components {
            text.push_str(&format!("{}\n", component.purl()));
        }
        text.push_str(if self.healthy { SELF_TEST_OK } else { "self-test: watchdog reset" });
        text.into_bytes()
    }

    /// Where the vendor publishes it.
    pub fn uri(&self) -> String {
        format!("{UPDATE_SERVER}{}.bin", self.key)
    }
}

/// Whether booting `payload` passes the self-test (the bootloader's health check).
pub fn boots_healthy(payload: &[u8]) -> bool {
    payload.ends_with(SELF_TEST_OK.as_bytes())
}

/// An attacker's image for the plug: looks like an update, opens a remote shell.
pub fn malicious_payload(sequence: u64) -> Vec<u8> {
    format!("FW {PLUG_CLASS} 9.9.9 {sequence}\npkg:generic/backdoor@1.0\n{SELF_TEST_OK}").into_bytes()
}

/// The version a device reports for an installed image (what the payload header says).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstalledImage {
    pub version: String,
    pub sequence: u64,
    /// SHA-256 of the payload, hex.
    pub digest: String,
}
