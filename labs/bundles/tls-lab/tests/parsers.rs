//! The display parsers read whatever bytes they are given without panicking, and the attacker's edit of a
//! ClientHello removes supported_versions and nothing else.

use proptest::prelude::*;
use tls_lab::records::{
    certificate_list, client_hello_fields, server_hello_fields, split_handshake, split_records,
    strip_supported_versions,
};

proptest! {
    #[test]
    fn parsers_never_panic_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        for record in split_records(&bytes) {
            prop_assert!(record.body.len() <= bytes.len());
        }
        for message in split_handshake(&bytes) {
            prop_assert!(message.body.len() + 4 <= bytes.len());
        }
        let _ = client_hello_fields(&bytes);
        let _ = server_hello_fields(&bytes);
        let _ = certificate_list(&bytes);
        let _ = strip_supported_versions(&bytes);
    }

    #[test]
    fn stripping_keeps_every_other_extension(extra in proptest::collection::vec((1u16..40, proptest::collection::vec(any::<u8>(), 0..20)), 0..6)) {
        let mut extensions = Vec::new();
        for (kind, data) in &extra {
            extensions.extend(kind.to_be_bytes());
            extensions.extend((data.len() as u16).to_be_bytes());
            extensions.extend(data);
        }
        extensions.extend([0, 43, 0, 3, 2, 3, 4]);
        let mut hello = vec![3, 3];
        hello.extend([7u8; 32]);
        hello.extend([0, 0, 2, 0x13, 0x01, 1, 0]);
        hello.extend((extensions.len() as u16).to_be_bytes());
        hello.extend(&extensions);
        let mut record = vec![22, 3, 1];
        record.extend(((hello.len() + 4) as u16).to_be_bytes());
        record.push(1);
        record.extend(&(hello.len() as u32).to_be_bytes()[1..]);
        record.extend(&hello);
        let before = client_hello_fields(&split_handshake(&split_records(&record)[0].body)[0].body);
        let stripped = strip_supported_versions(&record).expect("a ClientHello record");
        prop_assert_eq!(stripped.len(), record.len() - 7);
        let after = client_hello_fields(&split_handshake(&split_records(&stripped)[0].body)[0].body);
        let kept: Vec<&String> = before.iter().filter(|line| !line.starts_with("supported_versions")).collect();
        prop_assert_eq!(after.iter().collect::<Vec<_>>(), kept);
        prop_assert!(before.iter().any(|line| line == "supported_versions: TLS 1.3"));
    }
}
