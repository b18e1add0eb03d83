use std::collections::BTreeSet;

use proptest::prelude::*;

use super::*;

fn set(acts: &[Act]) -> BTreeSet<Act> {
    acts.iter().copied().collect()
}

#[test]
fn the_smart_plug_meets_gdpr_eprivacy_cra_red_and_the_data_act() {
    let plug = smart_plug();
    assert_eq!(applicable_acts(&plug), set(&[Act::Gdpr, Act::EPrivacy, Act::Cra, Act::Red, Act::DataAct]));
    let findings = assess(&plug);
    let red = findings.iter().find(|f| f.act == Act::Red).expect("RED");
    let articles: Vec<&str> = red.obligations.iter().map(|o| o.article).collect();
    assert_eq!(articles, ["Art. 3(3)(d)", "Art. 3(3)(e)"], "no payments, so no (f)");
    let data = findings.iter().find(|f| f.act == Act::DataAct).expect("Data Act");
    assert!(
        !data.obligations.iter().any(|o| o.article == "Art. 3(1)"),
        "placed on the market in March 2026: access by design does not apply"
    );
    let cra = findings.iter().find(|f| f.act == Act::Cra).expect("CRA");
    assert!(cra.why.contains("default category") && cra.why.contains("Art. 69(3)"), "{}", cra.why);
    assert_eq!(cra.obligations[0].when(), "applies since 11 September 2026");
    assert_eq!(cra.obligations[1].when(), "applies from 11 December 2027");
}

#[test]
fn a_restriction_bites_when_the_password_is_optional() {
    let advice = standards(&smart_plug());
    let parts: Vec<&str> = advice.iter().map(|a| a.standard).collect();
    assert_eq!(parts, ["EN 18031-1:2024", "EN 18031-2:2024", "ETSI EN 303 645 V3.1.3"]);
    assert!(advice[0].notified_body && !advice[0].presumption, "{}", advice[0].why);
    assert!(advice[0].why.contains("choose not to set a password"));
    assert!(!advice[2].presumption, "EN 303 645 is a baseline here, not a presumption");
    let mut fixed = smart_plug();
    fixed.password_optional = false;
    let advice = standards(&fixed);
    assert!(advice.iter().take(2).all(|a| a.presumption && !a.notified_body), "{advice:?}");
}

#[test]
fn the_connected_toy_is_class_i_and_its_privacy_part_needs_a_notified_body() {
    let toy = connected_toy();
    assert_eq!(applicable_acts(&toy), set(&[Act::Gdpr, Act::Cra, Act::Red, Act::DataAct]));
    assert_eq!(toy.cra_kind.class(), CraClass::ImportantClassI);
    let advice = standards(&toy);
    let part2 = advice.iter().find(|a| a.standard == "EN 18031-2:2024").expect("part 2");
    assert!(part2.notified_body && part2.why.contains("toys"), "{}", part2.why);
    let part1 = advice.iter().find(|a| a.standard == "EN 18031-1:2024").expect("part 1");
    assert!(part1.presumption, "the toy restriction is in parts 2 and 3 only");
    let data = assess(&toy).into_iter().find(|f| f.act == Act::DataAct).expect("Data Act");
    assert!(data.obligations.iter().any(|o| o.article == "Art. 3(1)"), "placed in 2027: access by design");
}

#[test]
fn the_household_meter_brings_nis2_for_its_operator_and_no_consumer_baseline() {
    let meter = household_meter();
    let acts = applicable_acts(&meter);
    assert!(acts.contains(&Act::Nis2) && !acts.contains(&Act::EPrivacy), "{acts:?}");
    assert!(!standards(&meter).iter().any(|a| a.standard.contains("303 645")), "not a consumer product");
    let mut gateway = meter.clone();
    gateway.cra_kind = CraKind::SmartMeterGateway;
    assert_eq!(gateway.cra_kind.class(), CraClass::Critical);
    let cra = assess(&gateway).into_iter().find(|f| f.act == Act::Cra).expect("CRA");
    assert!(cra.why.contains("critical product"), "{}", cra.why);
}

#[test]
fn a_medical_device_is_outside_the_cra_and_a_product_without_radio_outside_red() {
    let mut product = thermostat();
    product.medical = true;
    product.radio = false;
    let findings = assess(&product);
    let cra = findings.iter().find(|f| f.act == Act::Cra).expect("CRA");
    assert!(!cra.applies && cra.trigger.contains("Art. 2(2)"));
    assert!(!findings.iter().find(|f| f.act == Act::Red).expect("RED").applies);
    let mut radio_pump = thermostat();
    radio_pump.medical = true;
    let red = assess(&radio_pump).into_iter().find(|f| f.act == Act::Red).expect("RED");
    assert!(!red.applies && red.trigger.contains("Art. 2"), "the delegated act excludes medical devices");
    let mut offline_toy = connected_toy();
    offline_toy.internet = false;
    let red = assess(&offline_toy).into_iter().find(|f| f.act == Act::Red).expect("RED");
    let articles: Vec<&str> = red.obligations.iter().map(|o| o.article).collect();
    assert_eq!(articles, ["Art. 3(3)(e)"], "a radio toy meets (e) without the internet");
    offline_toy.personal_data = false;
    assert!(!applicable_acts(&offline_toy).contains(&Act::Red), "(e) needs personal data");
}

#[test]
fn differences_are_explained_one_by_one() {
    let toy = connected_toy();
    let predicted = set(&[Act::Gdpr, Act::Cra, Act::EPrivacy]);
    let differences = explain_differences(&toy, &predicted);
    assert_eq!(differences.len(), 3, "{differences:?}");
    assert!(differences[0].starts_with("ePrivacy Directive Art. 5(3) does not apply (you ticked it)"));
    assert!(differences.iter().any(|d| d.starts_with("RED delegated act") && d.contains("you left it out")));
    assert!(explain_differences(&toy, &applicable_acts(&toy)).is_empty());
}

#[test]
fn dates_are_read_or_refused_with_a_reason() {
    assert_eq!(Date::parse("2026-09-12"), Ok(Date::new(2026, 9, 12)));
    assert_eq!(Date::new(2026, 9, 12).to_string(), "12 September 2026");
    assert!(Date::parse("2026-02-30").expect_err("no such day").contains("no day 30"));
    assert!(Date::parse("2024-02-29").is_ok());
    assert!(Date::parse("12/09/2026").expect_err("format").contains("YYYY-MM-DD"));
    assert!(Date::parse("2026-13-01").expect_err("month").contains("month 13"));
    assert!(Date::parse("").is_err());
}

fn any_product() -> impl Strategy<Value = Product> {
    (proptest::collection::vec(any::<bool>(), 11), 0..CraKind::ALL.len(), (2020u16..2030, 1u8..=12, 1u8..=28)).prop_map(
        |(flags, kind, (year, month, day))| Product {
            name: "p".into(),
            radio: flags[0],
            internet: flags[1],
            consumer: flags[2],
            personal_data: flags[3],
            reads_beyond_service: flags[4],
            generates_use_data: flags[5],
            transfers_money: flags[6],
            password_optional: flags[7],
            critical_sector_operator: flags[8],
            toy_or_childcare: flags[9],
            medical: flags[10],
            cra_kind: CraKind::ALL[kind],
            placed_on_market: Date::new(year, month, day),
        },
    )
}

proptest! {
    #[test]
    fn every_act_is_answered_and_what_applies_says_from_when(product in any_product()) {
        let findings = assess(&product);
        prop_assert_eq!(findings.iter().map(|f| f.act).collect::<Vec<_>>(), Act::ALL.to_vec());
        for finding in &findings {
            prop_assert_eq!(finding.applies, !finding.obligations.is_empty(), "{:?}", finding);
            prop_assert!(!finding.why.is_empty());
        }
        for advice in standards(&product) {
            prop_assert!(!(advice.presumption && advice.notified_body));
        }
    }

    #[test]
    fn a_prediction_is_right_exactly_when_nothing_differs(product in any_product(), picks in proptest::collection::btree_set(0..6usize, 0..6)) {
        let predicted: BTreeSet<Act> = picks.into_iter().map(|i| Act::ALL[i]).collect();
        let right = predicted == applicable_acts(&product);
        prop_assert_eq!(right, explain_differences(&product, &predicted).is_empty());
    }
}
