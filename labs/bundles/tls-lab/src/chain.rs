//! Certificates as the student sees them: read from the DER that was sent (x509-parser), never from what the lab
//! meant to make. Subject, issuer, validity against the lab's clock, names, and whether it may issue others.

use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use x509_parser::prelude::{FromDer, GeneralName, X509Certificate};

/// The DER of a PEM certificate.
pub fn der_of(pem: &str) -> Result<CertificateDer<'static>, String> {
    CertificateDer::from_pem_slice(pem.as_bytes()).map_err(|reason| format!("not a PEM certificate ({reason:?})"))
}

/// What the lab shows of one certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateSummary {
    pub subject: String,
    pub issuer: String,
    pub not_before: String,
    pub not_after: String,
    /// Seconds since the epoch, for comparing with the lab's clock.
    pub not_before_seconds: i64,
    pub not_after_seconds: i64,
    pub dns_names: Vec<String>,
    pub is_ca: bool,
    pub self_signed: bool,
    /// SHA-256 of the DER, hexadecimal (how the CSE binds a certificate to an originator).
    pub fingerprint: String,
}

impl CertificateSummary {
    /// Whether the lab's clock (`now`, seconds) lies within the validity period (RFC 5280 4.1.2.5).
    pub fn valid_at(&self, now: i64) -> bool {
        self.not_before_seconds <= now && now <= self.not_after_seconds
    }
}

/// SHA-256 of `bytes` in lower-case hexadecimal (ring's digest).
pub fn sha256_hex(bytes: &[u8]) -> String {
    ring::digest::digest(&ring::digest::SHA256, bytes).as_ref().iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Reads a DER certificate.
pub fn summarize(der: &[u8]) -> Result<CertificateSummary, String> {
    let (_, certificate) =
        X509Certificate::from_der(der).map_err(|reason| format!("not an X.509 certificate ({reason})"))?;
    let validity = certificate.validity();
    let dns_names = certificate
        .subject_alternative_name()
        .ok()
        .flatten()
        .map(|extension| {
            extension
                .value
                .general_names
                .iter()
                .filter_map(|name| match name {
                    GeneralName::DNSName(dns) => Some((*dns).to_owned()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let subject = certificate.subject().to_string();
    let issuer = certificate.issuer().to_string();
    Ok(CertificateSummary {
        self_signed: subject == issuer,
        subject,
        issuer,
        not_before: date(validity.not_before.timestamp()),
        not_after: date(validity.not_after.timestamp()),
        not_before_seconds: validity.not_before.timestamp(),
        not_after_seconds: validity.not_after.timestamp(),
        dns_names,
        is_ca: certificate.is_ca(),
        fingerprint: sha256_hex(der),
    })
}

/// A date `YYYY-MM-DD` from seconds since the epoch (the civil-from-days algorithm).
pub fn date(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_part = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_part + 2) / 5 + 1;
    let month = if month_part < 10 { month_part + 3 } else { month_part - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_civil_dates() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(crate::pki::LAB_NOW_SECONDS as i64), "2026-12-07");
        assert_eq!(date(951_782_400), "2000-02-29");
    }
}
