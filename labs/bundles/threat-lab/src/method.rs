//! The two threat checklists of the lab and which of their categories apply to which element of a data flow
//! diagram: STRIDE per element (the security chapter's table) and LINDDUN per element (the privacy chapter).

use serde::{Deserialize, Serialize};

use crate::diagram::{ElementKind, TargetKind};

/// The checklist a workspace is analysed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    Stride,
    Linddun,
}

impl Method {
    pub fn label(self) -> &'static str {
        match self {
            Method::Stride => "STRIDE",
            Method::Linddun => "LINDDUN",
        }
    }

    /// The categories of this checklist, in the order of its name.
    pub fn categories(self) -> &'static [Category] {
        use Category::*;
        match self {
            Method::Stride => {
                &[Spoofing, Tampering, Repudiation, InformationDisclosure, DenialOfService, ElevationOfPrivilege]
            }
            Method::Linddun => {
                &[Linking, Identifying, NonRepudiation, Detecting, DataDisclosure, Unawareness, NonCompliance]
            }
        }
    }
}

/// A threat category of STRIDE or of LINDDUN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    Spoofing,
    Tampering,
    Repudiation,
    InformationDisclosure,
    DenialOfService,
    ElevationOfPrivilege,
    Linking,
    Identifying,
    NonRepudiation,
    Detecting,
    DataDisclosure,
    Unawareness,
    NonCompliance,
}

impl Category {
    pub const ALL: [Category; 13] = [
        Category::Spoofing,
        Category::Tampering,
        Category::Repudiation,
        Category::InformationDisclosure,
        Category::DenialOfService,
        Category::ElevationOfPrivilege,
        Category::Linking,
        Category::Identifying,
        Category::NonRepudiation,
        Category::Detecting,
        Category::DataDisclosure,
        Category::Unawareness,
        Category::NonCompliance,
    ];

    pub fn method(self) -> Method {
        if Method::Stride.categories().contains(&self) { Method::Stride } else { Method::Linddun }
    }

    pub fn label(self) -> &'static str {
        match self {
            Category::Spoofing => "Spoofing",
            Category::Tampering => "Tampering",
            Category::Repudiation => "Repudiation",
            Category::InformationDisclosure => "Information disclosure",
            Category::DenialOfService => "Denial of service",
            Category::ElevationOfPrivilege => "Elevation of privilege",
            Category::Linking => "Linking",
            Category::Identifying => "Identifying",
            Category::NonRepudiation => "Non-repudiation",
            Category::Detecting => "Detecting",
            Category::DataDisclosure => "Data disclosure",
            Category::Unawareness => "Unawareness",
            Category::NonCompliance => "Non-compliance",
        }
    }

    /// The short form used in a register ("S", "I", "DD"...).
    pub fn letter(self) -> &'static str {
        match self {
            Category::Spoofing => "S",
            Category::Tampering => "T",
            Category::Repudiation => "R",
            Category::InformationDisclosure => "I",
            Category::DenialOfService => "D",
            Category::ElevationOfPrivilege => "E",
            Category::Linking => "L",
            Category::Identifying => "Id",
            Category::NonRepudiation => "NR",
            Category::Detecting => "De",
            Category::DataDisclosure => "DD",
            Category::Unawareness => "U",
            Category::NonCompliance => "NC",
        }
    }

    /// The property the threat violates (security) or the privacy goal it threatens.
    pub fn property(self) -> &'static str {
        match self {
            Category::Spoofing => "authentication",
            Category::Tampering => "integrity",
            Category::Repudiation => "non-repudiation",
            Category::InformationDisclosure => "confidentiality",
            Category::DenialOfService => "availability",
            Category::ElevationOfPrivilege => "authorisation",
            Category::Linking => "unlinkability",
            Category::Identifying => "anonymity, pseudonymity",
            Category::NonRepudiation => "plausible deniability",
            Category::Detecting => "undetectability",
            Category::DataDisclosure => "confidentiality, data minimisation",
            Category::Unawareness => "transparency, intervenability",
            Category::NonCompliance => "compliance with law, policy and notice",
        }
    }

    /// The name used in saved and exported files.
    pub fn code(self) -> &'static str {
        match self {
            Category::Spoofing => "spoofing",
            Category::Tampering => "tampering",
            Category::Repudiation => "repudiation",
            Category::InformationDisclosure => "information-disclosure",
            Category::DenialOfService => "denial-of-service",
            Category::ElevationOfPrivilege => "elevation-of-privilege",
            Category::Linking => "linking",
            Category::Identifying => "identifying",
            Category::NonRepudiation => "non-repudiation",
            Category::Detecting => "detecting",
            Category::DataDisclosure => "data-disclosure",
            Category::Unawareness => "unawareness",
            Category::NonCompliance => "non-compliance",
        }
    }

    pub fn parse(text: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|category| category.code() == text.trim())
    }

    /// A first draft of "who could do what" for a candidate threat on `target` (the student edits it).
    pub fn draft(self, target: &str) -> (String, String) {
        let (who, what) = match self {
            Category::Spoofing => ("An attacker", format!("pretend to be {target}")),
            Category::Tampering => ("An attacker", format!("alter what {target} carries, stores or runs")),
            Category::Repudiation => ("A user or partner", format!("deny an action done through {target}")),
            Category::InformationDisclosure => ("An outsider", format!("read data of {target} without authorisation")),
            Category::DenialOfService => ("An attacker", format!("block or flood {target}")),
            Category::ElevationOfPrivilege => ("An authenticated party", format!("gain more rights on {target}")),
            Category::Linking => ("A recipient of the data", format!("link records of {target} to the same person")),
            Category::Identifying => ("A recipient of the data", format!("tell whose data {target} holds")),
            Category::NonRepudiation => ("A household member", format!("prove what a person did through {target}")),
            Category::Detecting => ("An observer of traffic", format!("learn from the existence of {target}")),
            Category::DataDisclosure => {
                ("An authorised party", format!("receive more personal data through {target} than needed"))
            }
            Category::Unawareness => ("The organisation", format!("process data of {target} without telling them")),
            Category::NonCompliance => ("The organisation", format!("keep or use data of {target} beyond the notice")),
        };
        (who.to_owned(), what)
    }
}

/// The categories of `method` that apply to an element or flow of this kind, as the chapters teach them.
///
/// STRIDE per element: external entities S, R; processes all six; data stores T, I, D; data flows T, I, D.
/// LINDDUN per element: external entities (the people) L, I, U; processes, data stores and flows L, I, NR, D,
/// DD, NC.
pub fn categories_for(method: Method, target: TargetKind) -> Vec<Category> {
    use Category::*;
    let applicable: &[Category] = match (method, target) {
        (Method::Stride, TargetKind::Element(ElementKind::ExternalEntity)) => &[Spoofing, Repudiation],
        (Method::Stride, TargetKind::Element(ElementKind::Process)) => Method::Stride.categories(),
        (Method::Stride, TargetKind::Element(ElementKind::DataStore) | TargetKind::Flow) => {
            &[Tampering, InformationDisclosure, DenialOfService]
        }
        (Method::Linddun, TargetKind::Element(ElementKind::ExternalEntity)) => &[Linking, Identifying, Unawareness],
        (Method::Linddun, _) => &[Linking, Identifying, NonRepudiation, Detecting, DataDisclosure, NonCompliance],
    };
    applicable.to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stride_per_element_follows_the_chapter() {
        let flow = categories_for(Method::Stride, TargetKind::Flow);
        assert_eq!(flow, vec![Category::Tampering, Category::InformationDisclosure, Category::DenialOfService]);
        assert!(!flow.contains(&Category::ElevationOfPrivilege), "a flow has no privileges to elevate");
        assert_eq!(categories_for(Method::Stride, TargetKind::Element(ElementKind::Process)).len(), 6);
        assert_eq!(
            categories_for(Method::Stride, TargetKind::Element(ElementKind::ExternalEntity)),
            vec![Category::Spoofing, Category::Repudiation]
        );
    }

    #[test]
    fn linddun_per_element_gives_unawareness_only_to_people() {
        let entity = categories_for(Method::Linddun, TargetKind::Element(ElementKind::ExternalEntity));
        assert!(entity.contains(&Category::Unawareness));
        let flow = categories_for(Method::Linddun, TargetKind::Flow);
        assert!(!flow.contains(&Category::Unawareness) && flow.contains(&Category::Detecting));
        assert!(flow.iter().all(|category| category.method() == Method::Linddun));
    }

    #[test]
    fn codes_round_trip_and_methods_partition_the_categories() {
        for category in Category::ALL {
            assert_eq!(Category::parse(category.code()), Some(category));
            assert!(category.method().categories().contains(&category));
        }
        assert_eq!(Method::Stride.categories().len() + Method::Linddun.categories().len(), Category::ALL.len());
        assert_eq!(Category::parse("teleportation"), None);
    }
}
