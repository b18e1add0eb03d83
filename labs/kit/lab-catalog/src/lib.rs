//! The labs the book can mount, their options, and the quiz data model.
//!
//! One source of truth shared by the build (which validates lab directives in the Markdown and fails
//! with `file:line` when one is wrong) and by the widgets (which read the same options when they mount).
//! Pure data: no IO.

pub mod class_view;
pub mod options;
pub mod quiz;

use std::fmt;

use serde_json::{Map, Value};

/// A lab a chapter can mount with a ```` ```lab NAME ```` directive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LabSpec {
    /// The name used in the directive, e.g. `acop-calculator`.
    pub name: &'static str,
    /// What a reader sees as the lab's title.
    pub title: &'static str,
    /// One sentence saying what the lab does (shown in print and without JavaScript).
    pub summary: &'static str,
    /// The WebAssembly bundle that carries the widget: `labs/<bundle>.js` and `labs/<bundle>_bg.wasm`.
    pub bundle: &'static str,
    /// The options the directive accepts.
    pub options: &'static [OptionSpec],
}

/// One `key = value` option of a lab directive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OptionSpec {
    pub name: &'static str,
    pub description: &'static str,
    pub kind: OptionKind,
}

/// What values an option accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionKind {
    /// A whole number in `min..=max`.
    Integer { min: i64, max: i64 },
    /// true or false.
    Boolean,
    /// One of the listed words.
    Choice(&'static [&'static str]),
    /// Any text.
    Text,
    /// A comma-separated list of some of the listed words.
    Subset(&'static [&'static str]),
}

impl fmt::Display for OptionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OptionKind::Integer { min, max } => write!(f, "a whole number from {min} to {max}"),
            OptionKind::Boolean => f.write_str("true or false"),
            OptionKind::Choice(choices) => write!(f, "one of {}", quoted_list(choices)),
            OptionKind::Text => f.write_str("a text string"),
            OptionKind::Subset(choices) => write!(f, "a comma-separated list of {}", quoted_list(choices)),
        }
    }
}

/// The bundle that carries the book's widgets built on the CSE engine, the quiz and the reader's progress manager.
pub const WIDGETS_BUNDLE: &str = "book_widgets";

/// The bundle of the CSE lab (the oneM2M console and its exercises).
pub const CSE_LAB_BUNDLE: &str = "cse_lab";

/// The bundle of the access-control lab.
pub const ACL_LAB_BUNDLE: &str = "acl_lab";

/// The bundle of the ontology mapping lab (carries the RDF engine, so it is loaded only where mounted).
pub const ONTOLOGY_LAB_BUNDLE: &str = "ontology_lab";
/// The ontology lab built without SPARQL (issue 23): parsing, mapping and the page's CSE, for mount points with
/// `mode = "mapping"` (see [`BUNDLE_VARIANTS`]).
pub const ONTOLOGY_LAB_MAPPING_BUNDLE: &str = "ontology_lab_mapping";

/// The bundle of the privacy lab.
pub const PRIVACY_LAB_BUNDLE: &str = "privacy_lab";

/// The bundle of the threat-modelling lab.
pub const THREAT_LAB_BUNDLE: &str = "threat_lab";

/// The bundle of the conformity lab.
pub const CONFORMITY_LAB_BUNDLE: &str = "conformity_lab";

/// The bundle of the secure-update lab (carries Ed25519, SHA-256 and the CSE engine).
pub const UPDATE_LAB_BUNDLE: &str = "update_lab";

/// The bundle of the anonymisation lab (carries SHA-256 and HMAC).
pub const ANONYMISATION_LAB_BUNDLE: &str = "anonymisation_lab";

/// The bundle of the TLS lab (carries rustls, ring, rcgen, x509-parser and the CSE engine).
pub const TLS_LAB_BUNDLE: &str = "tls_lab";

/// The bundle of the interworking-proxy lab (carries the CSE engine and, for semantic discovery, the ontology engine).
pub const INTERWORKING_LAB_BUNDLE: &str = "interworking_lab";

/// The bundle of the RDF lab (carries the ontology engine: oxigraph's RDF parsers, SPARQL and the RDFS reasoner).
pub const RDF_LAB_BUNDLE: &str = "rdf_lab";

/// The bundle of the DPIA lab (no engine: the assessment's model and its views).
pub const DPIA_LAB_BUNDLE: &str = "dpia_lab";

/// The bundle of the plugtest lab (carries the plugtest runner, the CSE engine and, for semantic discovery, the
/// ontology engine).
pub const PLUGTEST_LAB_BUNDLE: &str = "plugtest_lab";

/// The name of the quiz widget; quizzes are written as ```` ```quiz ```` blocks (see [`quiz`]).
pub const QUIZ_WIDGET: &str = "quiz";

/// Where the widgets keep their progress in the reader's browser, under lab-storage's `iot-book/` prefix: one
/// list, so that "Your progress" can name every entry and no two widgets share a key.
pub mod storage_keys {
    /// A quiz's answers: this prefix and the quiz's id.
    pub const QUIZ_PREFIX: &str = "quiz/";
    /// The CSE lab's exercise progress (shared by every CSE lab of the book).
    pub const CSE_LAB_PROGRESS: &str = "cse-lab/progress";
    /// A CSE lab's session: this prefix, the page's path, `#` and the mount point's id.
    pub const CSE_LAB_SESSION_PREFIX: &str = "cse-lab/session";
    pub const ACL_LAB_PROGRESS: &str = "acl-lab/progress";
    pub const PRIVACY_LAB_PROGRESS: &str = "privacy-lab/progress";
    /// The threat-modelling lab's exercises and the model of each mode (shared by every threat lab of the book).
    pub const THREAT_LAB_PROGRESS: &str = "threat-lab/progress";
    pub const ONTOLOGY_LAB_PROGRESS: &str = "ontology-lab/progress";
    /// The conformity lab's exercises and work (shared by every conformity lab of the book).
    pub const CONFORMITY_LAB_PROGRESS: &str = "conformity-lab/progress";
    /// The secure-update lab's exercises and work (shared by every secure-update lab of the book).
    pub const UPDATE_LAB_PROGRESS: &str = "update-lab/progress";
    /// The anonymisation lab's exercises and setup (shared by every anonymisation lab of the book).
    pub const ANONYMISATION_LAB_PROGRESS: &str = "anonymisation-lab/progress";
    /// The interworking-proxy lab's exercises, applied mapping and query (shared by every interworking lab of the book).
    pub const INTERWORKING_LAB_PROGRESS: &str = "interworking-lab/progress";
    /// The TLS lab's exercises and work: the PKI, predictions, observations, the enrolled device (shared by every TLS lab of the book).
    pub const TLS_LAB_PROGRESS: &str = "tls-lab/progress";
    /// The RDF lab's exercises, alignment, queries and predictions (shared by every RDF lab of the book).
    pub const RDF_LAB_PROGRESS: &str = "rdf-lab/progress";

    /// The DPIA lab's exercises and assessment (shared by every DPIA lab of the book).
    pub const DPIA_LAB_PROGRESS: &str = "dpia-lab/progress";
    /// The plugtest lab's exercises and work (shared by every plugtest lab of the book).
    pub const PLUGTEST_LAB_PROGRESS: &str = "plugtest-lab/progress";
    /// Every lab's progress entry and the name "Your progress" gives it: a new lab adds one line here.
    pub const LAB_PROGRESS: &[(&str, &str)] = &[
        (CSE_LAB_PROGRESS, "CSE lab"),
        (ACL_LAB_PROGRESS, "Access-control lab"),
        (PRIVACY_LAB_PROGRESS, "Privacy lab"),
        (THREAT_LAB_PROGRESS, "Threat-modelling lab"),
        (ONTOLOGY_LAB_PROGRESS, "Ontology mapping lab"),
        (CONFORMITY_LAB_PROGRESS, "Conformity lab"),
        (UPDATE_LAB_PROGRESS, "Secure-update lab"),
        (ANONYMISATION_LAB_PROGRESS, "Anonymisation lab"),
        (INTERWORKING_LAB_PROGRESS, "Interworking-proxy lab"),
        (TLS_LAB_PROGRESS, "TLS lab"),
        (RDF_LAB_PROGRESS, "RDF lab"),
        (DPIA_LAB_PROGRESS, "DPIA lab"),
        (PLUGTEST_LAB_PROGRESS, "Plugtest lab"),
    ];

    /// The name "Your progress" gives a lab's progress entry, if `key` is one.
    pub fn lab_progress_name(key: &str) -> Option<&'static str> {
        LAB_PROGRESS.iter().find(|(entry, _)| *entry == key).map(|(_, name)| *name)
    }
}

/// Every lab a chapter can mount.
pub const LABS: &[LabSpec] = &[
    LabSpec {
        name: "acop-calculator",
        title: "Access-control operations calculator",
        summary: "Tick the operations an access-control rule grants and read its acop bitmask, or type an acop value and see the operations it grants.",
        bundle: WIDGETS_BUNDLE,
        options: &[OptionSpec {
            name: "value",
            description: "the acop value the calculator starts with",
            kind: OptionKind::Integer { min: 0, max: 63 },
        }],
    },
    LabSpec {
        name: "acl-lab",
        title: "Access-control policy lab",
        summary: "Write accessControlPolicy resources for a smart building, link them to resources, see every access decision of the simulated CSE explained, and solve graded least-privilege challenges.",
        bundle: ACL_LAB_BUNDLE,
        options: &[OptionSpec {
            name: "challenge",
            description: "the challenge the lab starts with",
            kind: OptionKind::Choice(ACL_LAB_CHALLENGES),
        }],
    },
    LabSpec {
        name: "cse-console",
        title: "oneM2M CSE lab",
        summary: "Compose oneM2M requests and send them to a simulated CSE running in the page: see each response with its status code, the resource tree, a sequence diagram and the AEs' notification inboxes, and work through eight self-checking exercises from first contact to flexContainers.",
        bundle: CSE_LAB_BUNDLE,
        options: &[
            OptionSpec {
                name: "exercise",
                description: "the exercise the lab starts with",
                kind: OptionKind::Choice(CSE_LAB_EXERCISES),
            },
            OptionSpec {
                name: "panels",
                description: "the panels to show, comma-separated (all when absent)",
                kind: OptionKind::Subset(CSE_LAB_PANELS),
            },
        ],
    },
    LabSpec {
        name: "ontology-mapper",
        title: "Ontology mapping lab",
        summary: "Describe a device in Turtle with SAREF, see its graph and diagnostics, map it to the oneM2M Base Ontology with editable rules, generate its oneM2M resources into a simulated CSE and solve graded exercises; in its full mode (\"Semantics in a oneM2M platform\"), also find the device again with SPARQL semantic discovery.",
        bundle: ONTOLOGY_LAB_BUNDLE,
        options: &[
            OptionSpec {
                name: "exercise",
                description: "the exercise the lab starts with",
                kind: OptionKind::Choice(ONTOLOGY_LAB_EXERCISES),
            },
            OptionSpec {
                name: "mode",
                description: "`full` (the default: mapping, the CSE, SPARQL discovery, every exercise) or `mapping` (no SPARQL: a bundle less than half the size, the mapping exercises only)",
                kind: OptionKind::Choice(&["full", "mapping"]),
            },
        ],
    },
    LabSpec {
        name: "privacy-lab",
        title: "Privacy lab",
        summary: "A simulated household's smart-meter, motion and temperature readings flow through a oneM2M CSE: apply minimisation, pseudonymisation, aggregation, retention and access policies, and see what the energy supplier, a heating app, an analytics partner and an intruder can still infer (occupancy, sleep times, identity by linkage, a holiday absence), with five graded exercises.",
        bundle: PRIVACY_LAB_BUNDLE,
        options: &[OptionSpec {
            name: "exercise",
            description: "the exercise the lab starts with",
            kind: OptionKind::Choice(PRIVACY_LAB_EXERCISES),
        }],
    },
    LabSpec {
        name: "threat-lab",
        title: "Threat-modelling lab",
        summary: "A TVRA of the book's own deployments: edit the data flow diagram and its trust boundaries, generate STRIDE (security) or LINDDUN (privacy) threats per element, accept or reject them, score likelihood and impact, choose treatments and countermeasures that cite the EN 303 645 provision, GDPR article or oneM2M mechanism they implement, see the risk matrix and residual risk, build an attack tree with its cheapest path, export the risk register as CSV or Markdown, and solve eight graded exercises.",
        bundle: THREAT_LAB_BUNDLE,
        options: &[
            OptionSpec {
                name: "mode",
                description: "the analysis the lab opens with: `security` (STRIDE) or `privacy` (LINDDUN)",
                kind: OptionKind::Choice(&["security", "privacy"]),
            },
            OptionSpec {
                name: "exercise",
                description: "the exercise the lab starts with",
                kind: OptionKind::Choice(THREAT_LAB_EXERCISES),
            },
        ],
    },
    LabSpec {
        name: "conformity-lab",
        title: "Conformity lab",
        summary: "Describe a product (or pick the book's thermostat, smart plug, household meter or connected toy) and see which EU acts apply (GDPR, ePrivacy Art. 5(3), the Cyber Resilience Act and its class, the RED delegated act, the Data Act, NIS2 for the operator), from when and why, and which harmonised standards presume conformity; then self-assess a product dossier against EN 303 645 as TS 103 701 does (ICS, clause 4 reporting, conformance per category, a cross-walk to the CRA and EN 18031), export the ICS as CSV or Markdown, and solve six graded exercises.",
        bundle: CONFORMITY_LAB_BUNDLE,
        options: &[
            OptionSpec {
                name: "mode",
                description: "the parts shown: `rules` (which rules apply), `assessment` (EN 303 645 self-assessment) or `both` (the default)",
                kind: OptionKind::Choice(&["rules", "assessment", "both"]),
            },
            OptionSpec {
                name: "exercise",
                description: "the exercise the lab starts with",
                kind: OptionKind::Choice(CONFORMITY_LAB_EXERCISES),
            },
        ],
    },
    LabSpec {
        name: "update-lab",
        title: "Secure-update lab",
        summary: "Play vendor and device: an offline root key certifies a signing key, firmware manifests in the spirit of IETF SUIT (RFC 9019) are signed with Ed25519, and the smart plug's bootloader checks certificate, signature, class, anti-rollback counter, size and SHA-256 digest, installs to the inactive slot and falls back on a failed self-test; predict and run six attacks (unsigned, tampered, compromised server, downgrade, other class, leaked key) and recover by key rotation; drive the update through the CSE's firmware mgmtObj; then decide VEX statements against the firmware's CycloneDX SBOM and schedule the CRA Art. 14 reports, with eight graded exercises and JSON and Markdown exports.",
        bundle: UPDATE_LAB_BUNDLE,
        options: &[OptionSpec {
            name: "exercise",
            description: "the exercise the lab starts with",
            kind: OptionKind::Choice(UPDATE_LAB_EXERCISES),
        }],
    },
    LabSpec {
        name: "anonymisation-lab",
        title: "Anonymisation lab",
        summary: "The privacy lab's household among 320 seeded households of its neighbourhood: generalise postcode, household size and heating and suppress small classes to reach k-anonymity and l-diversity, with the re-identification risk under the prosecutor, journalist and marketer models and the utility lost; release counts and averages with the Laplace mechanism under an epsilon budget ledger and watch a differencing attack fail; brute-force plain hashes of customer numbers against keyed HMAC-SHA256 pseudonyms; five graded exercises, the released table as CSV and the setup as JSON.",
        bundle: ANONYMISATION_LAB_BUNDLE,
        options: &[OptionSpec {
            name: "exercise",
            description: "the exercise the lab starts with",
            kind: OptionKind::Choice(ANONYMISATION_LAB_EXERCISES),
        }],
    },
    LabSpec {
        name: "interworking-proxy",
        title: "Interworking-proxy lab",
        summary: "Operate an LwM2M device (objects 3303 Temperature and 3311 Light Control: read, write, execute, observe) and a Matter-style node (OnOff 0x0006 and TemperatureMeasurement 0x0402 clusters: attributes and commands); write the mapping an interworking proxy (IPE) applies (device to AE or node, object or cluster to a TS-0023-style flexContainer or a container, resources to custom attributes, commands to actions); watch the IPE register them with the CSE in the page and keep both sides in sync (a device change updates the resource and notifies the dashboard's subscription; an Update drives the device); find them by semantic discovery through the semanticDescriptors the IPE writes, next to a native thermometer; four graded exercises and the mapping as JSON.",
        bundle: INTERWORKING_LAB_BUNDLE,
        options: &[OptionSpec {
            name: "exercise",
            description: "the exercise the lab starts with",
            kind: OptionKind::Choice(INTERWORKING_LAB_EXERCISES),
        }],
    },
    LabSpec {
        name: "rdf-lab",
        title: "RDF lab",
        summary: "The same temperature reading published by three platforms in three vocabularies (SAREF, W3C SOSA, a vendor's own): write the RDFS alignment (rdfs:subClassOf, rdfs:subPropertyOf) and one SPARQL query that finds all three, see what RDFS entails (each statement with its entailment pattern and premises) and what the query misses without the alignment, predict entailments before the reasoner answers; then a SPARQL exercise set over a building's devices (SELECT, FILTER, OPTIONAL, aggregates) graded on result sets, in a prefix-aware editor with errors at line:column.",
        bundle: RDF_LAB_BUNDLE,
        options: &[
            OptionSpec {
                name: "mode",
                description: "the parts shown: `alignment` (three platforms, RDFS reasoning), `sparql` (the building's exercise set) or `both` (the default)",
                kind: OptionKind::Choice(&["alignment", "sparql", "both"]),
            },
            OptionSpec {
                name: "exercise",
                description: "the exercise the lab starts with",
                kind: OptionKind::Choice(RDF_LAB_EXERCISES),
            },
        ],
    },
    LabSpec {
        name: "plugtest-lab",
        title: "Plugtest lab",
        summary: "Run the book's oneM2M interoperability test descriptions (registration, container and contentInstance, subscription and notification, a denied create, semantic descriptors, semantic discovery and query) step by step against the CSE in the page, against a faulty CSE with one deliberate defect, or against a CSE at a URL (the workshop server with --cors-origin): every message on a sequence diagram, a verdict per step with its reason, PRO and IOP verdicts per test; complete a description from its purpose, find the step that shows a defect, write the description of a new requirement; the report as Markdown or JSON and the work as JSON.",
        bundle: PLUGTEST_LAB_BUNDLE,
        options: &[OptionSpec {
            name: "exercise",
            description: "the exercise the lab starts with",
            kind: OptionKind::Choice(PLUGTEST_LAB_EXERCISES),
        }],
    },
    LabSpec {
        name: "dpia-lab",
        title: "DPIA lab",
        summary: "A data protection impact assessment of the privacy lab's household energy service: tick the WP 248 criteria and GDPR Art. 35(3) cases for the household service, HomeSense or a connected toy and decide whether a DPIA is required; describe the processing from your privacy lab policy (purposes, lawful bases under Art. 6 and 9, recipients, retention, flows); mark what is not necessary and compare with the lab's flags; treat the LINDDUN risks with measures linked to GDPR articles and ISO/IEC 29100 principles, on a risk map, and decide on prior consultation (Art. 36); six graded exercises; the report (ISO/IEC 29134 phases, Art. 35(7)) as Markdown or printable HTML, the assessment as JSON.",
        bundle: DPIA_LAB_BUNDLE,
        options: &[OptionSpec {
            name: "exercise",
            description: "the exercise the lab starts with",
            kind: OptionKind::Choice(DPIA_LAB_EXERCISES),
        }],
    },
    LabSpec {
        name: "tls-lab",
        title: "TLS lab",
        summary: "A real TLS 1.3 handshake between a client and a server that both run in the page (rustls with ring), over a PKI made in the page (root, server and device CAs, server and device certificates): read each flight (ClientHello with its key share, ServerHello, EncryptedExtensions, Certificate, CertificateVerify, Finished) opened with the secrets rustls logged, the chain and the path validation verdict; predict who aborts and with which alert, then observe it, for an expired certificate, a wrong name, an untrusted root, a missing intermediate, a missing client certificate, an unknown pre-shared key, two men in the middle and a downgrade; enrol a device by CSR and register it with the CSE under the originator its certificate is bound to; five graded exercises, the work as JSON and the predictions as Markdown.",
        bundle: TLS_LAB_BUNDLE,
        options: &[
            OptionSpec {
                name: "exercise",
                description: "the exercise the lab starts with",
                kind: OptionKind::Choice(TLS_LAB_EXERCISES),
            },
            OptionSpec {
                name: "part",
                description: "the parts shown: all, handshake (scenarios and flights) or provisioning (enrolment)",
                kind: OptionKind::Choice(&["all", "handshake", "provisioning"]),
            },
        ],
    },
    LabSpec {
        name: "progress",
        title: "Your progress",
        summary: "See the quiz answers and lab work this browser keeps for the book, export them to a JSON file, import such a file on another computer, or forget them all.",
        bundle: WIDGETS_BUNDLE,
        options: &[],
    },
    LabSpec {
        name: "class-view",
        title: "Class view",
        summary: "Drop students' exported progress files and see, per quiz question and lab exercise, how many solved it, the most common wrong answer and who is stuck where, with a CSV download; the files are read in the browser and sent nowhere.",
        bundle: WIDGETS_BUNDLE,
        options: &[],
    },
];

/// The exercises of the plugtest lab, in order (the lab's own list is checked against this one).
pub const PLUGTEST_LAB_EXERCISES: &[&str] = &["complete-from-purpose", "find-the-defect", "new-requirement"];

/// The exercises of the DPIA lab, in order (the lab's own list is checked against this one).
pub const DPIA_LAB_EXERCISES: &[&str] = &[
    "threshold-household",
    "threshold-toy",
    "necessity-flags",
    "proportionate",
    "risk-acceptable",
    "prior-consultation",
];

/// The exercises of the conformity lab, in order (the lab's own list is checked against this one).
pub const CONFORMITY_LAB_EXERCISES: &[&str] = &[
    "predict-connected-toy",
    "predict-household-meter",
    "smart-plug-mandatory-failures",
    "not-applicable-or-not-implemented",
    "cheapest-fixes",
    "disclosure-policy",
];

/// The exercises of the secure-update lab, in order (the lab's own list is checked against this one).
pub const UPDATE_LAB_EXERCISES: &[&str] = &[
    "ship-the-fix",
    "survive-a-bad-update",
    "predict-integrity-attacks",
    "predict-policy-attacks",
    "recover-from-the-leak",
    "update-through-the-cse",
    "vex-decisions",
    "cra-clock",
];

/// The exercises of the TLS lab, in order (the lab's own list is checked against this one).
pub const TLS_LAB_EXERCISES: &[&str] =
    &["observe-handshake", "predict-certificate-failures", "predict-attacks", "enrol-device", "register-device"];

/// The exercises of the interworking-proxy lab, in order (the lab's own list is checked against this one).
pub const INTERWORKING_LAB_EXERCISES: &[&str] =
    &["read-lwm2m-temperature", "switch-matter-light", "keep-the-units", "discover-temperature"];

/// The exercises of the RDF lab, in order (the lab's own list is checked against this one).
pub const RDF_LAB_EXERCISES: &[&str] = &[
    "find-all-three",
    "one-value-property",
    "predict-entailment",
    "select-sensors",
    "filter-warm",
    "optional-battery",
    "count-per-floor",
];

/// The exercises of the anonymisation lab, in order (the lab's own list is checked against this one).
pub const ANONYMISATION_LAB_EXERCISES: &[&str] =
    &["k-anonymity", "l-diversity", "query-budget", "differencing", "hash-not-pseudonym"];

/// The exercises of the privacy lab, in order (the lab's own list is checked against this one).
pub const PRIVACY_LAB_EXERCISES: &[&str] =
    &["routine-from-energy", "holiday-retention", "pseudonymise-motion", "stop-linkage", "heating-least-privilege"];

/// The exercises of the threat-modelling lab, in order (the lab's own list is checked against this one).
pub const THREAT_LAB_EXERCISES: &[&str] = &[
    "triage-gateway",
    "boundary-flows",
    "rank-top-three",
    "treat-high-risks",
    "explain-residual",
    "mirai-tree",
    "smart-meter-linddun",
    "privacy-treatment",
];

/// The ontology lab's exercises whose check runs no SPARQL (the lab checks this list against
/// `onem2m_ontology::MAPPING_EXERCISES`): the only ones `mode = "mapping"` offers.
pub const ONTOLOGY_LAB_MAPPING_EXERCISES: &[&str] =
    &["map-metering-function", "fix-broken-mapping", "spot-unmapped-property"];

/// A lab mounted with some option value gets another bundle of the same crate, built with other cargo features
/// (`xtask/src/wasm.rs` builds it): a bundle per need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BundleVariant {
    pub lab: &'static str,
    /// The option and the value that choose this bundle.
    pub option: &'static str,
    pub value: &'static str,
    pub bundle: &'static str,
    /// Other options this bundle can serve only some values of: (option, the values it serves).
    pub serves: &'static [(&'static str, &'static [&'static str])],
}

/// Every bundle variant.
pub const BUNDLE_VARIANTS: &[BundleVariant] = &[BundleVariant {
    lab: "ontology-mapper",
    option: "mode",
    value: "mapping",
    bundle: ONTOLOGY_LAB_MAPPING_BUNDLE,
    serves: &[("exercise", ONTOLOGY_LAB_MAPPING_EXERCISES)],
}];

/// The exercises of the ontology mapping lab, in teaching order (the lab checks this list against
/// `onem2m_ontology::exercises()`).
pub const ONTOLOGY_LAB_EXERCISES: &[&str] = &[
    "map-metering-function",
    "fix-broken-mapping",
    "room1-temperature-query",
    "describe-thermostat",
    "spot-unmapped-property",
    "base-ontology-query",
];

/// The exercises of the CSE lab, in curriculum order (the lab's own list is checked against this one).
pub const CSE_LAB_EXERCISES: &[&str] = &[
    "first-contact",
    "register-ae",
    "containers",
    "discovery",
    "groups",
    "access-control",
    "subscriptions",
    "flexcontainer",
];

/// The panels of the CSE lab a directive can choose.
pub const CSE_LAB_PANELS: &[&str] =
    &["exercises", "composer", "response", "tree", "sequence", "inboxes", "clock", "session"];

/// The challenges of the access-control lab, in order (the lab's own list is checked against this one).
pub const ACL_LAB_CHALLENGES: &[&str] = &[
    "thermostat-hours",
    "analytics-read-discover",
    "meters-wildcard",
    "public-notices",
    "policy-self-privileges",
    "dashboard-subscribe",
    "discovery-leak",
];

/// The widget used for ```` ```quiz ```` blocks. Its options are the quiz itself, validated by [`quiz::Quiz::validate`].
pub const QUIZ_SPEC: LabSpec = LabSpec {
    name: QUIZ_WIDGET,
    title: "Self-check quiz",
    summary: "Answer the questions, check your answers, read the explanations and retry the ones you missed.",
    bundle: WIDGETS_BUNDLE,
    options: &[],
};

/// Finds a lab by its directive name.
pub fn find_lab(name: &str) -> Option<&'static LabSpec> {
    LABS.iter().find(|lab| lab.name == name)
}

/// Every bundle the labs and the quiz use, without repeats.
pub fn bundles() -> Vec<&'static str> {
    let mut bundles: Vec<&'static str> = LABS.iter().map(|lab| lab.bundle).collect();
    bundles.extend(BUNDLE_VARIANTS.iter().map(|variant| variant.bundle));
    bundles.push(QUIZ_SPEC.bundle);
    bundles.sort_unstable();
    bundles.dedup();
    bundles
}

/// What is wrong with a directive's options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OptionError {
    /// The directive names an option the lab does not have.
    Unknown { lab: &'static str, option: String, known: Vec<&'static str> },
    /// The value does not fit the option.
    BadValue { lab: &'static str, option: &'static str, expected: OptionKind, found: String },
    /// The value is one the bundle chosen by another option (see [`BundleVariant`]) cannot serve.
    NotInVariant { lab: &'static str, option: &'static str, variant: String, serves: &'static [&'static str] },
}

impl fmt::Display for OptionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OptionError::Unknown { lab, option, known } if known.is_empty() => {
                write!(f, "lab `{lab}` has no option `{option}`; it takes no options")
            }
            OptionError::Unknown { lab, option, known } => {
                write!(f, "lab `{lab}` has no option `{option}`; its options are {}", quoted_list(known))
            }
            OptionError::BadValue { lab, option, expected, found } => {
                write!(f, "option `{option}` of lab `{lab}` must be {expected}, found {found}")
            }
            OptionError::NotInVariant { lab, option, variant, serves } => {
                write!(f, "lab `{lab}` with {variant} offers only {} as `{option}`", quoted_list(serves))
            }
        }
    }
}

impl std::error::Error for OptionError {}

impl LabSpec {
    /// Checks a directive's options (already parsed from TOML into JSON values).
    pub fn validate_options(&self, options: &Map<String, Value>) -> Result<(), OptionError> {
        for (key, value) in options {
            let Some(spec) = self.options.iter().find(|spec| spec.name == key) else {
                return Err(OptionError::Unknown {
                    lab: self.name,
                    option: key.clone(),
                    known: self.options.iter().map(|spec| spec.name).collect(),
                });
            };
            if !spec.kind.accepts(value) {
                return Err(OptionError::BadValue {
                    lab: self.name,
                    option: spec.name,
                    expected: spec.kind,
                    found: value.to_string(),
                });
            }
        }
        if let Some(variant) = self.variant_for(options) {
            for (option, serves) in variant.serves {
                if let Some(value) = options.get(*option).and_then(Value::as_str)
                    && !serves.contains(&value)
                {
                    return Err(OptionError::NotInVariant {
                        lab: self.name,
                        option,
                        variant: format!("`{} = \"{}\"`", variant.option, variant.value),
                        serves,
                    });
                }
            }
        }
        Ok(())
    }

    /// The bundle a mount point with these options loads: a [`BundleVariant`]'s, or the lab's own.
    pub fn bundle_for(&self, options: &Map<String, Value>) -> &'static str {
        self.variant_for(options).map_or(self.bundle, |variant| variant.bundle)
    }

    fn variant_for(&self, options: &Map<String, Value>) -> Option<&'static BundleVariant> {
        BUNDLE_VARIANTS.iter().find(|variant| {
            variant.lab == self.name && options.get(variant.option).and_then(Value::as_str) == Some(variant.value)
        })
    }
}

impl OptionKind {
    /// Whether `value` fits.
    pub fn accepts(&self, value: &Value) -> bool {
        match self {
            OptionKind::Integer { min, max } => value.as_i64().is_some_and(|number| (*min..=*max).contains(&number)),
            OptionKind::Boolean => value.is_boolean(),
            OptionKind::Choice(choices) => value.as_str().is_some_and(|text| choices.contains(&text)),
            OptionKind::Text => value.is_string(),
            OptionKind::Subset(choices) => value.as_str().is_some_and(|text| {
                let parts: Vec<&str> = text.split(',').map(str::trim).collect();
                !parts.is_empty() && parts.iter().all(|part| choices.contains(part))
            }),
        }
    }
}

/// `a`, `b` and `c`
pub fn quoted_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|item| format!("`{item}`")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn options(value: Value) -> Map<String, Value> {
        value.as_object().cloned().expect("an object")
    }

    #[test]
    fn every_lab_progress_key_is_named_once() {
        let mut keys: Vec<&str> = storage_keys::LAB_PROGRESS.iter().map(|(key, _)| *key).collect();
        let count = keys.len();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), count, "two labs share a progress key");
        assert_eq!(storage_keys::lab_progress_name(storage_keys::UPDATE_LAB_PROGRESS), Some("Secure-update lab"));
        assert_eq!(storage_keys::lab_progress_name("quiz/access-control"), None);
    }

    #[test]
    fn names_are_unique_and_lowercase() {
        let mut names: Vec<&str> = LABS.iter().map(|lab| lab.name).collect();
        names.push(QUIZ_SPEC.name);
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), count, "two labs share a name");
        assert!(names.iter().all(|name| name.chars().all(|c| c.is_ascii_lowercase() || c == '-')));
    }

    #[test]
    fn acop_calculator_accepts_a_value_in_range() {
        let lab = find_lab("acop-calculator").expect("known lab");
        assert_eq!(lab.validate_options(&options(json!({"value": 5}))), Ok(()));
        assert_eq!(lab.validate_options(&options(json!({}))), Ok(()));
    }

    #[test]
    fn out_of_range_and_unknown_options_are_explained() {
        let lab = find_lab("acop-calculator").expect("known lab");
        let error = lab.validate_options(&options(json!({"value": 64}))).expect_err("64 is too large");
        assert_eq!(
            error.to_string(),
            "option `value` of lab `acop-calculator` must be a whole number from 0 to 63, found 64"
        );
        let error = lab.validate_options(&options(json!({"colour": "red"}))).expect_err("unknown option");
        assert_eq!(error.to_string(), "lab `acop-calculator` has no option `colour`; its options are `value`");
    }

    #[test]
    fn bundles_are_listed_once() {
        let bundles = bundles();
        let mut unique = bundles.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(bundles, unique, "sorted, without repeats");
        assert!(bundles.contains(&WIDGETS_BUNDLE) && bundles.contains(&ACL_LAB_BUNDLE), "{bundles:?}");
    }

    #[test]
    fn acl_lab_starts_with_one_of_its_challenges() {
        let lab = find_lab("acl-lab").expect("known lab");
        assert_eq!(lab.bundle, ACL_LAB_BUNDLE);
        assert!(ACL_LAB_CHALLENGES.len() >= 6);
        assert_eq!(lab.validate_options(&options(json!({"challenge": "meters-wildcard"}))), Ok(()));
        assert_eq!(lab.validate_options(&options(json!({}))), Ok(()));
        let error = lab.validate_options(&options(json!({"challenge": "meters"}))).expect_err("unknown challenge");
        assert!(
            error.to_string().starts_with("option `challenge` of lab `acl-lab` must be one of `thermostat-hours`"),
            "{error}"
        );
        let error = lab.validate_options(&options(json!({"challenge": 3}))).expect_err("not a word");
        assert!(error.to_string().ends_with("found 3"), "{error}");
    }

    #[test]
    fn the_cse_console_takes_an_exercise_and_a_subset_of_panels() {
        let lab = find_lab("cse-console").expect("known lab");
        assert_eq!(lab.bundle, CSE_LAB_BUNDLE);
        assert_eq!(
            lab.validate_options(&options(json!({"exercise": "discovery", "panels": "composer, tree"}))),
            Ok(())
        );
        let error = lab.validate_options(&options(json!({"panels": "composer,radar"}))).expect_err("unknown panel");
        assert!(error.to_string().contains("must be a comma-separated list of `exercises`"), "{error}");
        assert!(lab.validate_options(&options(json!({"exercise": "juggling"}))).is_err());
    }

    #[test]
    fn the_ontology_mapper_in_mapping_mode_gets_the_bundle_without_sparql() {
        let lab = find_lab("ontology-mapper").expect("known lab");
        let mapping = options(json!({"mode": "mapping", "exercise": "fix-broken-mapping"}));
        assert_eq!(lab.validate_options(&mapping), Ok(()));
        assert_eq!(lab.bundle_for(&mapping), ONTOLOGY_LAB_MAPPING_BUNDLE);
        assert_eq!(lab.bundle_for(&options(json!({"mode": "full"}))), ONTOLOGY_LAB_BUNDLE);
        assert_eq!(lab.bundle_for(&options(json!({"exercise": "room1-temperature-query"}))), ONTOLOGY_LAB_BUNDLE);
        let error = lab
            .validate_options(&options(json!({"mode": "mapping", "exercise": "room1-temperature-query"})))
            .expect_err("a SPARQL exercise in the bundle without SPARQL");
        assert!(error.to_string().contains("`fix-broken-mapping`"), "{error}");
        assert!(bundles().contains(&ONTOLOGY_LAB_MAPPING_BUNDLE));
        assert!(ONTOLOGY_LAB_MAPPING_EXERCISES.iter().all(|id| ONTOLOGY_LAB_EXERCISES.contains(id)));
        // a variant's bundle never serves another lab
        let acl = find_lab("acl-lab").expect("known lab");
        assert_eq!(acl.bundle_for(&options(json!({"mode": "mapping"}))), ACL_LAB_BUNDLE);
    }

    #[test]
    fn the_ontology_mapper_starts_with_one_of_its_exercises() {
        let lab = find_lab("ontology-mapper").expect("known lab");
        assert_eq!(lab.bundle, ONTOLOGY_LAB_BUNDLE);
        assert!(bundles().contains(&ONTOLOGY_LAB_BUNDLE));
        assert!(ONTOLOGY_LAB_EXERCISES.len() >= 5);
        assert_eq!(lab.validate_options(&options(json!({"exercise": "room1-temperature-query"}))), Ok(()));
        assert_eq!(lab.validate_options(&options(json!({}))), Ok(()));
        assert!(lab.validate_options(&options(json!({"exercise": "juggling"}))).is_err());
    }

    #[test]
    fn the_privacy_lab_takes_one_of_its_exercises() {
        let lab = find_lab("privacy-lab").expect("known lab");
        assert_eq!(lab.bundle, PRIVACY_LAB_BUNDLE);
        assert_eq!(lab.validate_options(&options(json!({"exercise": "stop-linkage"}))), Ok(()));
        let error = lab.validate_options(&options(json!({"exercise": "juggling"}))).expect_err("unknown exercise");
        assert!(error.to_string().contains("must be one of `routine-from-energy`"), "{error}");
        assert!(bundles().contains(&PRIVACY_LAB_BUNDLE));
    }

    #[test]
    fn the_threat_lab_takes_a_mode_and_one_of_its_exercises() {
        let lab = find_lab("threat-lab").expect("known lab");
        assert_eq!(lab.bundle, THREAT_LAB_BUNDLE);
        assert!(bundles().contains(&THREAT_LAB_BUNDLE));
        assert!(THREAT_LAB_EXERCISES.len() >= 6);
        assert_eq!(lab.validate_options(&options(json!({"mode": "privacy", "exercise": "mirai-tree"}))), Ok(()));
        assert!(lab.validate_options(&options(json!({"mode": "safety"}))).is_err());
        assert!(lab.validate_options(&options(json!({"exercise": "juggling"}))).is_err());
    }

    #[test]
    fn the_conformity_lab_takes_a_mode_and_one_of_its_exercises() {
        let lab = find_lab("conformity-lab").expect("known lab");
        assert_eq!(lab.bundle, CONFORMITY_LAB_BUNDLE);
        assert!(bundles().contains(&CONFORMITY_LAB_BUNDLE));
        let good = options(json!({"mode": "rules", "exercise": "predict-connected-toy"}));
        assert_eq!(lab.validate_options(&good), Ok(()));
        assert!(lab.validate_options(&options(json!({"mode": "audit"}))).is_err());
        assert!(lab.validate_options(&options(json!({"exercise": "juggling"}))).is_err());
    }

    #[test]
    fn the_progress_lab_takes_no_options() {
        let lab = find_lab("progress").expect("known lab");
        assert_eq!((lab.title, lab.bundle), ("Your progress", WIDGETS_BUNDLE));
        assert_eq!(lab.validate_options(&options(json!({}))), Ok(()));
        let error = lab.validate_options(&options(json!({"value": 1}))).expect_err("no options");
        assert_eq!(error.to_string(), "lab `progress` has no option `value`; it takes no options");
    }

    #[test]
    fn quoted_list_joins_with_and() {
        assert_eq!(quoted_list(&["a", "b", "c"]), "`a`, `b` and `c`");
        assert_eq!(quoted_list(&["a"]), "`a`");
    }
}
