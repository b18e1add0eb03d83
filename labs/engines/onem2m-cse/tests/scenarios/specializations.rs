//! flexContainers with custom attributes and semanticDescriptors.

use onem2m_cse::{Request, decode_base64, encode_base64};
use serde_json::json;

use crate::harness::{Conversation, Rsc};

#[test]
fn flex_container_with_custom_attributes() {
    let mut c = Conversation::new();
    let ae = c.register("thermo", "Cthermo");
    let created = c.expect(
        Request::create("cse-in/thermo", &ae, 28, json!({"cod:tempe": {"rn": "temperature", "cnd": "org.onem2m.common.moduleclass.temperature", "curT0": 21.5, "unit": 1}})),
        Rsc::Created,
    );
    let body = created.pc.as_ref().and_then(|pc| pc.get("cod:tempe")).expect("wrapped by its specialization");
    assert_eq!(body["curT0"], 21.5);
    assert_eq!(body["ty"], 28);
    c.expect(Request::update("cse-in/thermo/temperature", &ae, json!({"cod:tempe": {"curT0": 23.0}})), Rsc::Updated);
    let read = c.expect(Request::retrieve("cse-in/thermo/temperature", &ae), Rsc::Ok);
    assert_eq!(read.attribute("curT0"), Some(&json!(23.0)));
    assert_eq!(read.attribute("st"), Some(&json!(1)));
    c.expect(
        Request::update("cse-in/thermo/temperature", &ae, json!({"cod:tempe": {"cnd": "other"}})),
        Rsc::BadRequest,
    );
    c.expect(Request::update("cse-in/thermo/temperature", &ae, json!({"cod:other": {"curT0": 1}})), Rsc::BadRequest);
    c.expect(Request::create("cse-in/thermo", &ae, 28, json!({"cod:tempe": {"curT0": 1}})), Rsc::BadRequest);
    c.expect(Request::create("cse-in/thermo", &ae, 28, json!({"m2m:fcnt": {"cnd": "x"}})), Rsc::BadRequest);
    c.expect(
        Request::create("cse-in/thermo", &ae, 28, json!({"cod:tempe": {"cnd": "x", "bad name": 1}})),
        Rsc::BadRequest,
    );
}

#[test]
fn semantic_descriptor_stores_format_and_descriptor() {
    let mut c = Conversation::new();
    let ae = c.register("thermo", "Cthermo");
    c.create("cse-in/thermo", &ae, 3, json!({"m2m:cnt": {"rn": "data"}}));
    let turtle = "@prefix saref: <https://saref.etsi.org/core/> . <#t> a saref:TemperatureSensor .";
    let created = c.expect(
        Request::create(
            "cse-in/thermo/data",
            &ae,
            24,
            json!({"m2m:smd": {"rn": "desc", "dcrp": 5, "dsp": encode_base64(turtle.as_bytes())}}),
        ),
        Rsc::Created,
    );
    let stored = created.attribute("dsp").and_then(|v| v.as_str()).and_then(decode_base64).expect("base64");
    assert_eq!(String::from_utf8(stored).expect("utf-8"), turtle);
    c.expect(
        Request::create("cse-in/thermo/data", &ae, 24, json!({"m2m:smd": {"dcrp": 5, "dsp": "%%%"}})),
        Rsc::BadRequest,
    );
    c.expect(
        Request::create("cse-in/thermo/data", &ae, 24, json!({"m2m:smd": {"dcrp": 8, "dsp": ""}})),
        Rsc::BadRequest,
    );
    c.expect(Request::create("cse-in/thermo/data", &ae, 24, json!({"m2m:smd": {"dsp": ""}})), Rsc::BadRequest);
    c.expect(Request::update("cse-in/thermo/data/desc", &ae, json!({"m2m:smd": {"dcrp": 7}})), Rsc::Updated);
}
