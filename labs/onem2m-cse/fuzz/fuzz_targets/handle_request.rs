//! JSON text -> request primitive -> a CSE that already holds an AE, a container and a policy.
//! The input is split on newlines: each line is one request, so sequences are explored too.
#![no_main]

use libfuzzer_sys::fuzz_target;
use onem2m_cse::{Cse, CseConfig, Request, Timestamp};

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
            let response = cse.handle_request(request, now);
            let _ = response.to_json();
        }
        now = now.plus_seconds(7);
        while cse.poll_notifications().is_some() {}
        while cse.poll_trace().is_some() {}
    }
    if let Ok(restored) = Cse::restore(&cse.snapshot()) {
        assert_eq!(restored.snapshot(), cse.snapshot());
    }
});
