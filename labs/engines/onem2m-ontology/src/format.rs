//! Descriptor formats and their oneM2M `dcrp` codes.

use oxigraph::io::RdfFormat;
use serde::Serialize;

/// An RDF serialisation the lab reads, with its oneM2M descriptorRepresentation (`dcrp`) code
/// (TS-0004 via shared/facts/semantics.md: 4 RDF/XML, 5 RDF/Turtle, 7 JSON-LD).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum DescriptorFormat {
    Turtle,
    RdfXml,
    JsonLd,
}

impl DescriptorFormat {
    pub const ALL: [DescriptorFormat; 3] = [Self::Turtle, Self::RdfXml, Self::JsonLd];

    /// The `dcrp` code of this format.
    pub fn dcrp(self) -> u8 {
        match self {
            Self::RdfXml => 4,
            Self::Turtle => 5,
            Self::JsonLd => 7,
        }
    }

    /// The format for a `dcrp` code, when the lab can parse it (1 IRI, 2 functional-style,
    /// 3 OWL/XML and 6 Manchester are valid codes the lab does not read).
    pub fn from_dcrp(code: u64) -> Option<Self> {
        match code {
            4 => Some(Self::RdfXml),
            5 => Some(Self::Turtle),
            7 => Some(Self::JsonLd),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Turtle => "RDF/Turtle",
            Self::RdfXml => "RDF/XML",
            Self::JsonLd => "JSON-LD",
        }
    }

    pub(crate) fn rdf_format(self) -> RdfFormat {
        match self {
            Self::Turtle => RdfFormat::Turtle,
            Self::RdfXml => RdfFormat::RdfXml,
            Self::JsonLd => RdfFormat::JsonLd { profile: oxigraph::io::JsonLdProfileSet::empty() },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dcrp_codes_follow_the_facts_and_round_trip() {
        assert_eq!(DescriptorFormat::Turtle.dcrp(), 5);
        assert_eq!(DescriptorFormat::RdfXml.dcrp(), 4);
        assert_eq!(DescriptorFormat::JsonLd.dcrp(), 7);
        for format in DescriptorFormat::ALL {
            assert_eq!(DescriptorFormat::from_dcrp(u64::from(format.dcrp())), Some(format));
        }
        for unsupported in [1, 2, 3, 6, 8] {
            assert_eq!(DescriptorFormat::from_dcrp(unsupported), None);
        }
    }
}
