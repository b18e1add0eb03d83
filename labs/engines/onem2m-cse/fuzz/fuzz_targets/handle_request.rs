//! JSON text -> request primitive -> a CSE that already holds an AE, a container and a policy.
//! The input is split on newlines: each line is one request, so sequences are explored too.
#![no_main]

use libfuzzer_sys::fuzz_target;
use onem2m_cse::{Cse, CseConfig, Request, Submission, Timestamp, VerificationOutcome};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut now = Timestamp::from_seconds(1_795_000_000);
    let mut cse = Cse::new(CseConfig::default(), now);
    let setup = [
        r#"{"op":1,"to":"cse-in","fr":"Cfuzz","ty":2,"pc":{"m2m:ae":{"rn":"app","api":"Nfuzz","rr":true,"poa":["http://f.example"]}}}"#,
        r#"{"op":1,"to":"cse-in/app","fr":"Cfuzz","ty":3,"pc":{"m2m:cnt":{"rn":"data","mni":3}}}"#,
        r#"{"op":1,"to":"cse-in/app","fr":"Cfuzz","ty":1,"pc":{"m2m:acp":{"rn":"p","pv":{"acr":[{"acor":["all"],"acop":63,"acco":[{"actw":["* * * * * * *"]}]}]},"pvs":{"acr":[{"acor":["Cfuzz"],"acop":63}]}}}}"#,
    ];
    for line in setup.iter().copied().chain(text.lines()) {
        if let Ok(request) = Request::from_json(line) {
            // lines of even length take the handle/poll path: submit, then every target accepts
            if line.len() % 2 == 0 {
                if let Submission::Pending(id) = cse.submit(request, now) {
                    while let Some(verification) = cse.poll_verification() {
                        cse.handle_verification(id, &verification.nu, VerificationOutcome::Accepted, now);
                    }
                }
                while let Some((_, response)) = cse.poll_completed() {
                    let _ = response.to_json();
                }
            } else {
                let response = cse.handle_request(request, now);
                let _ = response.to_json();
            }
        }
        now = now.plus_seconds(7);
        while cse.poll_notifications().is_some() {}
        while cse.poll_trace().is_some() {}
    }
    // a shell's timer: advancing to poll_timeout leaves nothing due at that instant
    if let Some(deadline) = cse.poll_timeout() {
        cse.advance(deadline);
        assert!(cse.poll_timeout().is_none_or(|next| next > deadline));
    }
    if let Ok(restored) = Cse::restore(&cse.snapshot()) {
        assert_eq!(restored.snapshot(), cse.snapshot());
    }
});
