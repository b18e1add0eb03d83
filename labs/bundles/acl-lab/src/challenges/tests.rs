//! Every challenge fails from its start, passes with a least-privilege solution, and fails with
//! the typical mistakes its hints talk about; and the engine's decisions, as the lab uses them,
//! on a table of cases.

use super::*;
use crate::policy_draft::RuleField;
use crate::scenario::Attachments;

fn setup(policies: Vec<PolicyDraft>, pairs: &[(&str, &str)]) -> Setup {
    Setup { policies, attachments: attach(pairs) }
}

fn challenge(id: &str) -> Challenge {
    find(id).expect("a challenge with this id")
}

/// The failed probes' requests, for readable assertions.
fn failures(id: &str, setup: &Setup) -> Vec<String> {
    let grade = grade(&challenge(id), setup);
    assert_eq!(grade.problems, Vec::<String>::new(), "the CSE accepted every policy and link");
    grade.failures().map(|result| result.request.clone()).collect()
}

fn assert_passes(id: &str, setup: &Setup) {
    let grade = grade(&challenge(id), setup);
    let failed: Vec<String> = grade
        .failures()
        .map(|result| format!("{} -> {}\n{}", result.request, result.actual, result.explanation.join("\n")))
        .collect();
    assert!(grade.passed(), "{id} should pass: {failed:#?} {:?}", grade.problems);
}

fn assert_fails_on(id: &str, setup: &Setup, needle: &str) {
    let failed = failures(id, setup);
    assert!(
        failed.iter().any(|request| request.contains(needle)),
        "{id}: expected a failure mentioning {needle:?}, got {failed:#?}"
    );
}

pub(super) fn solutions() -> Vec<(&'static str, Setup)> {
    let office_rule = RuleDraft::new("Cthermostat", 1)
        .with(RuleField::Actw, "* * 8-17 * * * *")
        .with(RuleField::Ipv4, "10.20.0.0/16");
    vec![
        (
            "thermostat-hours",
            setup(
                vec![PolicyDraft::new("acpThermostat", vec![office_rule], admin_only())],
                &[(TEMPERATURE, "acpThermostat")],
            ),
        ),
        (
            "analytics-read-discover",
            setup(
                vec![PolicyDraft::new(
                    "acpTemperature",
                    vec![RuleDraft::new("Cthermostat", 1), RuleDraft::new("Canalytics", 34)],
                    admin_only(),
                )],
                &[(TEMPERATURE, "acpTemperature")],
            ),
        ),
        (
            "meters-wildcard",
            setup(
                vec![PolicyDraft::new(
                    "acpEnergy",
                    vec![RuleDraft::new("Cmeter-*", 1), RuleDraft::new("Cfacility", 2)],
                    admin_only(),
                )],
                &[(ENERGY, "acpEnergy")],
            ),
        ),
        (
            "public-notices",
            setup(
                vec![PolicyDraft::new(
                    "acpNotices",
                    vec![RuleDraft::new("all", 34), RuleDraft::new("Cfacility", 9)],
                    admin_only(),
                )],
                &[(NOTICES, "acpNotices")],
            ),
        ),
        (
            "policy-self-privileges",
            setup(
                vec![PolicyDraft::new(
                    "acpNotices",
                    vec![RuleDraft::new("all", 34), RuleDraft::new("Cfacility", 9)],
                    vec![RuleDraft::new(ADMIN, 63), RuleDraft::new("Cfacility", 2)],
                )],
                &[(NOTICES, "acpNotices")],
            ),
        ),
        (
            "dashboard-subscribe",
            setup(
                vec![PolicyDraft::new(
                    "acpTemperature",
                    vec![
                        RuleDraft::new("Cthermostat", 1),
                        RuleDraft::new("Cdashboard", 1).with(RuleField::Chty, "23"),
                        RuleDraft::new("Cdashboard", 2),
                    ],
                    admin_only(),
                )],
                &[(TEMPERATURE, "acpTemperature")],
            ),
        ),
        (
            "discovery-leak",
            setup(
                vec![PolicyDraft::new("acpPublic", vec![RuleDraft::new("all", 34)], admin_only())],
                &[(NOTICES, "acpPublic")],
            ),
        ),
    ]
}

#[test]
fn ids_are_unique_listed_and_at_least_six() {
    let all = challenges();
    assert!(all.len() >= 6);
    let ids: Vec<&str> = all.iter().map(|challenge| challenge.id).collect();
    assert_eq!(ids, CHALLENGE_IDS);
    for challenge in &all {
        assert!(!challenge.hints.is_empty() && !challenge.probes.is_empty(), "{}", challenge.id);
        assert!(
            challenge.probes.iter().any(|probe| probe.granted) && challenge.probes.iter().any(|probe| !probe.granted),
            "{}",
            challenge.id
        );
        assert!(
            World::build(&challenge.start).cse.resolve_address(challenge.focus).is_some(),
            "{} focuses on an existing resource",
            challenge.id
        );
    }
}

#[test]
fn the_catalog_offers_exactly_these_challenges() {
    let lab = lab_catalog::find_lab("acl-lab").expect("the catalog lists the lab");
    let option = lab.options.iter().find(|option| option.name == "challenge").expect("a challenge option");
    assert_eq!(option.kind, lab_catalog::OptionKind::Choice(CHALLENGE_IDS));
}

#[test]
fn every_start_fails_and_every_solution_passes() {
    for (id, solution) in solutions() {
        let start = challenge(id).start;
        assert!(!grade(&challenge(id), &start).passed(), "{id} must not pass as it starts");
        assert_passes(id, &solution);
    }
}

#[test]
fn thermostat_mistakes_are_caught() {
    let rule = thermostat_setup;
    assert_fails_on("thermostat-hours", &rule("* * 8-18 * * * *", "10.20.0.0/16", 1), "18:00");
    assert_fails_on("thermostat-hours", &rule("* * 8-17 * * * *", "", 1), "from 203.0.113.7");
    assert_fails_on("thermostat-hours", &rule("* * 8-17 * * * *", "10.20.0.0/16", 3), "Retrieve on");
    // conditions in two separate contexts would be two rules: either one grants
    let split = setup(
        vec![PolicyDraft::new(
            "acpThermostat",
            vec![
                RuleDraft::new("Cthermostat", 1).with(RuleField::Actw, "* * 8-17 * * * *"),
                RuleDraft::new("Cthermostat", 1).with(RuleField::Ipv4, "10.20.0.0/16"),
            ],
            admin_only(),
        )],
        &[(TEMPERATURE, "acpThermostat")],
    );
    assert_fails_on("thermostat-hours", &split, "07:00");
    // forgetting to link the policy leaves the creator in charge: it may still read and delete
    let unlinked =
        setup(vec![PolicyDraft::new("acpThermostat", vec![RuleDraft::new("Cthermostat", 1)], admin_only())], &[]);
    assert_fails_on("thermostat-hours", &unlinked, "Retrieve on");
}

#[test]
fn bitmask_and_wildcard_mistakes_are_caught() {
    let analytics = |acop: u32| {
        setup(
            vec![PolicyDraft::new(
                "acpTemperature",
                vec![RuleDraft::new("Cthermostat", 1), RuleDraft::new("Canalytics", acop)],
                admin_only(),
            )],
            &[(TEMPERATURE, "acpTemperature")],
        )
    };
    assert_fails_on("analytics-read-discover", &analytics(3), "Canalytics: Create");
    assert_fails_on("analytics-read-discover", &analytics(2), "Canalytics: Discovery");
    assert_fails_on("analytics-read-discover", &analytics(42), "Canalytics: Delete");
    let meters = |acor: &str| {
        setup(
            vec![PolicyDraft::new(
                "acpEnergy",
                vec![RuleDraft::new(acor, 1), RuleDraft::new("Cfacility", 2)],
                admin_only(),
            )],
            &[(ENERGY, "acpEnergy")],
        )
    };
    assert_fails_on("meters-wildcard", &meters("Cmeter*"), "Cmeterhack");
    assert_fails_on("meters-wildcard", &meters("Cmeter-01 Cmeter-02"), "Cmeter-42");
    assert_fails_on("meters-wildcard", &meters("all"), "Cvisitor");
}

#[test]
fn pvs_subscription_and_discovery_mistakes_are_caught() {
    let copied_pvs = setup(
        vec![PolicyDraft::new(
            "acpNotices",
            vec![RuleDraft::new("all", 34), RuleDraft::new("Cfacility", 9)],
            vec![RuleDraft::new("all", 34), RuleDraft::new("Cfacility", 9)],
        )],
        &[(NOTICES, "acpNotices")],
    );
    assert_fails_on("policy-self-privileges", &copied_pvs, "Cfacility: Delete on cse-in/acpNotices");
    assert_fails_on("policy-self-privileges", &copied_pvs, "Cvisitor: Retrieve on cse-in/acpNotices");

    let dashboard = |rules: Vec<RuleDraft>| {
        let mut pv = vec![RuleDraft::new("Cthermostat", 1)];
        pv.extend(rules);
        setup(vec![PolicyDraft::new("acpTemperature", pv, admin_only())], &[(TEMPERATURE, "acpTemperature")])
    };
    // Create alone: the subscription is refused with 4101
    let create_only = grade(&challenge("dashboard-subscribe"), &dashboard(vec![RuleDraft::new("Cdashboard", 1)]));
    let subscribe =
        create_only.failures().find(|result| result.request.contains("subscribe")).expect("the subscription fails");
    assert!(subscribe.explanation[0].contains("4101"), "{:?}", subscribe.explanation);
    // Create + Retrieve in one rule: subscribing works, but so does writing readings
    assert_fails_on(
        "dashboard-subscribe",
        &dashboard(vec![RuleDraft::new("Cdashboard", 3)]),
        "Cdashboard: add a contentInstance",
    );
    // chty 23 on a rule that also holds Retrieve: the Retrieve part never matches
    assert_fails_on(
        "dashboard-subscribe",
        &dashboard(vec![RuleDraft::new("Cdashboard", 3).with(RuleField::Chty, "23")]),
        "Cdashboard: subscribe",
    );

    let leak = setup(
        vec![PolicyDraft::new("acpPublic", vec![RuleDraft::new("all", 34)], admin_only())],
        &[(NOTICES, "acpPublic"), (SETPOINT, "acpPublic")],
    );
    let failed = failures("discovery-leak", &leak);
    assert_eq!(failed.len(), 1, "{failed:#?}");
    assert!(failed[0].contains("is cse-in/thermostat/setpoint in the result"), "{failed:#?}");
}

#[test]
fn a_refused_policy_is_reported_not_graded_as_passing() {
    let mut bad = solutions().remove(0).1;
    bad.policies[0].pv[0].actw = "8-17".into();
    let grade = grade(&challenge("thermostat-hours"), &bad);
    assert!(!grade.passed());
    assert!(
        grade.problems.iter().any(|problem| problem.contains("acpThermostat") && problem.contains("actw")),
        "{:?}",
        grade.problems
    );
}

/// One case of the decision table: a policy linked from the temperature container (or the policy
/// itself as target), a request, and what the engine must say.
struct Case {
    name: &'static str,
    rule: RuleDraft,
    self_rule: Option<RuleDraft>,
    originator: &'static str,
    operation: AccessOperation,
    target: &'static str,
    context: RequestContext,
    granted: bool,
    /// A phrase of the engine's explanation.
    says: &'static str,
}

#[test]
fn decisions_are_explained_by_the_engine() {
    let office = RequestContext::default();
    let case = |name, rule, originator, operation, granted, says| Case {
        name,
        rule,
        // a policy's pvs must hold a rule (the CSE refuses an empty one)
        self_rule: Some(RuleDraft::new(ADMIN, 63)),
        originator,
        operation,
        target: TEMPERATURE,
        context: RequestContext::default(),
        granted,
        says,
    };
    let cases = vec![
        case(
            "granted by acor id",
            RuleDraft::new("Canalytics", 2),
            "Canalytics",
            Retrieve,
            true,
            "granted by rule 0 of",
        ),
        case("granted by wildcard", RuleDraft::new("Cmeter-*", 1), "Cmeter-07", Create, true, "granted by rule 0 of"),
        case("granted by all", RuleDraft::new("all", 34), "Cvisitor", Discovery, true, "granted by rule 0 of"),
        case(
            "wildcard does not match",
            RuleDraft::new("Cmeter-*", 1),
            "Cthermostat",
            Create,
            false,
            "is not in acor [Cmeter-*]",
        ),
        case(
            "missing bit",
            RuleDraft::new("Canalytics", 3),
            "Canalytics",
            Discovery,
            false,
            "lacks the Discovery bit (32)",
        ),
        Case {
            context: RequestContext::new(3, 19, "10.20.1.15", "FR"),
            ..case(
                "outside the time window",
                RuleDraft::new("Cthermostat", 1).with(RuleField::Actw, "* * 8-17 * * * *"),
                "Cthermostat",
                Create,
                false,
                "is outside every actw window",
            )
        },
        Case {
            context: RequestContext::new(3, 10, "192.0.2.1", "FR"),
            ..case(
                "outside the IP range",
                RuleDraft::new("Cthermostat", 1).with(RuleField::Ipv4, "10.20.0.0/16"),
                "Cthermostat",
                Create,
                false,
                "source IP 192.0.2.1 is outside acip [10.20.0.0/16]",
            )
        },
        Case {
            context: RequestContext::new(3, 10, "2001:db8:1::5", "FR"),
            ..case(
                "inside an IPv6 range",
                RuleDraft::new("Cthermostat", 1).with(RuleField::Ipv6, "2001:db8::/32"),
                "Cthermostat",
                Create,
                true,
                "granted by rule 0",
            )
        },
        Case {
            context: RequestContext::new(3, 10, "10.20.1.15", "US"),
            ..case(
                "outside the countries",
                RuleDraft::new("Cfacility", 2).with(RuleField::Countries, "FR DE"),
                "Cfacility",
                Retrieve,
                false,
                "is outside aclr [countries FR, DE]",
            )
        },
        case(
            "in the countries",
            RuleDraft::new("Cfacility", 2).with(RuleField::Countries, "FR DE"),
            "Cfacility",
            Retrieve,
            true,
            "granted by rule 0",
        ),
        Case {
            target: READING,
            ..case(
                "a contentInstance uses its container's policy",
                RuleDraft::new("Canalytics", 2),
                "Canalytics",
                Retrieve,
                true,
                "a contentInstance uses its parent's policies",
            )
        },
        Case {
            target: "cse-in/acpCase",
            self_rule: Some(RuleDraft::new(ADMIN, 63)),
            ..case(
                "pvs governs the policy itself",
                RuleDraft::new("all", 63),
                "Cvisitor",
                Update,
                false,
                "acpCase.pvs rule 0: originator \"Cvisitor\" is not in acor [CAdmin]",
            )
        },
        Case {
            target: "cse-in/acpCase",
            self_rule: Some(RuleDraft::new(ADMIN, 63)),
            ..case(
                "pvs decides who may delete the policy",
                RuleDraft::new("all", 2),
                "Cfacility",
                Delete,
                false,
                ".pvs rule 0",
            )
        },
        Case {
            target: "cse-in/acpCase",
            self_rule: Some(RuleDraft::new(ADMIN, 63)),
            ..case(
                "the administrator is granted everything",
                RuleDraft::new("all", 2),
                ADMIN,
                Delete,
                true,
                "is the CSE administrator",
            )
        },
    ];
    for case in cases {
        let policy = PolicyDraft::new("acpCase", vec![case.rule.clone()], case.self_rule.clone().into_iter().collect());
        let world = World::build(&setup(vec![policy], &[(TEMPERATURE, "acpCase")]));
        assert_eq!(world.problems, Vec::<String>::new(), "{}", case.name);
        let decision =
            world.decide(case.originator, case.target, case.operation, &case.context).expect("the target exists");
        let text = world.explain(&decision).join("\n");
        assert_eq!(decision.granted, case.granted, "{}: {text}", case.name);
        assert!(text.contains(case.says), "{}: expected {:?} in\n{text}", case.name, case.says);
    }
    let _ = office;
}

#[test]
fn subscribing_without_retrieve_is_4101_and_explained() {
    let world = World::build(&setup(
        vec![PolicyDraft::new("acpCase", vec![RuleDraft::new("Cdashboard", 1 + 16)], admin_only())],
        &[(TEMPERATURE, "acpCase")],
    ));
    let probe = probe("Cdashboard", Subscribe, TEMPERATURE, RequestContext::default(), true, "");
    let result = run_probe(&world, &Setup::default(), &probe);
    assert!(!result.correct);
    assert!(result.explanation[0].contains("4101 SUBSCRIPTION_CREATOR_HAS_NO_PRIVILEGE"), "{:?}", result.explanation);
    assert!(
        result.explanation.iter().any(|line| line.contains("lacks the Retrieve bit (2)")),
        "{:?}",
        result.explanation
    );
}

#[test]
fn attachments_helper_collects_policies_per_target() {
    let attachments: Attachments = attach(&[("a", "p"), ("a", "q"), ("b", "p")]);
    assert_eq!(attachments["a"].len(), 2);
    assert_eq!(attachments["b"].iter().collect::<Vec<_>>(), vec!["p"]);
}

/// The failed probes of a grade, with what the report says about each: the requirement and the mistake.
fn failure_texts(id: &str, setup: &Setup) -> Vec<(String, String, Option<String>)> {
    grade(&challenge(id), setup)
        .failures()
        .map(|result| (result.request.clone(), result.why.clone(), result.mistake.clone()))
        .collect()
}

fn thermostat_setup(window: &str, network: &str, acop: u32) -> Setup {
    setup(
        vec![PolicyDraft::new(
            "acpThermostat",
            vec![RuleDraft::new("Cthermostat", acop).with(RuleField::Actw, window).with(RuleField::Ipv4, network)],
            admin_only(),
        )],
        &[(TEMPERATURE, "acpThermostat")],
    )
}

#[test]
fn the_untouched_thermostat_policy_is_not_told_about_an_hour_field_it_does_not_have() {
    let failures = failure_texts("thermostat-hours", &challenge("thermostat-hours").start);
    let all_text: String = failures
        .iter()
        .map(|(request, why, mistake)| format!("{request} {why} {}\n", mistake.clone().unwrap_or_default()))
        .collect();
    assert!(!all_text.contains("8-18"), "no window at all, so no word about an hour field of 8-18:\n{all_text}");
    let at_six = failures.iter().find(|(request, ..)| request.contains("18:00")).expect("18:00 is wrongly granted");
    assert_eq!(at_six.1, "Office hours end at 18:00: from 18:00 writing must be refused.");
    let mistake = at_six.2.as_deref().expect("the missing window is the mistake");
    assert!(
        mistake.starts_with("Your pv rule 0 of acpThermostat granted it and has no time window (actw)"),
        "{mistake}"
    );
    let reading =
        failures.iter().find(|(request, ..)| request.contains("Retrieve on")).expect("Retrieve is wrongly granted");
    assert!(
        reading.2.as_deref().is_some_and(|mistake| mistake.contains(
            "acop is 1 (Create) + 2 (Retrieve) + 4 (Update) + 8 (Delete) + 16 (Notify) + 32 (Discovery) = 63"
        )),
        "{reading:?}"
    );
}

#[test]
fn an_hour_field_of_8_18_is_named_when_the_student_wrote_it() {
    let failures = failure_texts("thermostat-hours", &thermostat_setup("* * 8-18 * * * *", "10.20.0.0/16", 1));
    assert_eq!(failures.len(), 1, "{failures:#?}");
    let (request, _, mistake) = &failures[0];
    assert!(request.contains("18:00"), "{request}");
    let mistake = mistake.as_deref().expect("the mistake is recognised");
    assert!(mistake.contains("hour field 8-18 also covers 18:00-18:59") && mistake.contains("Write 8-17"), "{mistake}");
}

#[test]
fn a_mistake_is_shown_only_when_the_setup_has_it() {
    // a window that is fine, but no network condition: only the network is blamed
    let failures = failure_texts("thermostat-hours", &thermostat_setup("* * 8-17 * * * *", "", 1));
    assert_eq!(failures.len(), 1, "{failures:#?}");
    assert!(
        failures[0].2.as_deref().is_some_and(|mistake| mistake.contains("no network condition (acip)")),
        "{failures:#?}"
    );
    // the unlinked policy: the creator's rights are the mistake, not the acop bits
    let unlinked =
        setup(vec![PolicyDraft::new("acpThermostat", vec![RuleDraft::new("Cthermostat", 1)], admin_only())], &[]);
    let failures = failure_texts("thermostat-hours", &unlinked);
    let reading =
        failures.iter().find(|(request, ..)| request.contains("Retrieve on")).expect("Retrieve is wrongly granted");
    assert!(
        reading
            .2
            .as_deref()
            .is_some_and(|mistake| mistake.contains("links no policy (acpi), so Cthermostat, which created it")),
        "{reading:?}"
    );
    // a wildcard is quoted as written
    let meters = setup(
        vec![PolicyDraft::new(
            "acpEnergy",
            vec![RuleDraft::new("Cmeter*", 1), RuleDraft::new("Cfacility", 2)],
            admin_only(),
        )],
        &[(ENERGY, "acpEnergy")],
    );
    let failures = failure_texts("meters-wildcard", &meters);
    assert_eq!(failures.len(), 1);
    assert_eq!(
        failures[0].2.as_deref(),
        Some(
            "Your pv rule 0 of acpEnergy granted it to `Cmeter*`, which also matches Cmeterhack. Keep the dash in the pattern: `Cmeter-*`."
        )
    );
    // explicitly naming a stranger is not "a wildcard": no mistake text, the engine's explanation says it all
    let named = setup(
        vec![PolicyDraft::new(
            "acpEnergy",
            vec![RuleDraft::new("Cmeter-* Cthermostat", 1), RuleDraft::new("Cfacility", 2)],
            admin_only(),
        )],
        &[(ENERGY, "acpEnergy")],
    );
    let failures = failure_texts("meters-wildcard", &named);
    assert_eq!(failures.len(), 1);
    assert_eq!(failures[0].2, None, "{failures:#?}");
    // the dashboard's Notify bit is named only when a rule gives it
    let subscribe = |rules: Vec<RuleDraft>| {
        let mut pv = vec![RuleDraft::new("Cthermostat", 1)];
        pv.extend(rules);
        failure_texts(
            "dashboard-subscribe",
            &setup(vec![PolicyDraft::new("acpTemperature", pv, admin_only())], &[(TEMPERATURE, "acpTemperature")]),
        )
    };
    let with_notify = subscribe(vec![RuleDraft::new("Cdashboard", 16)]);
    assert!(
        with_notify[0].2.as_deref().is_some_and(|mistake| mistake.contains("gives Cdashboard the Notify bit (16)")),
        "{with_notify:#?}"
    );
    let create_only = subscribe(vec![RuleDraft::new("Cdashboard", 1)]);
    assert_eq!(
        create_only.iter().find(|(request, ..)| request.contains("subscribe")).and_then(|failure| failure.2.clone()),
        None,
        "{create_only:#?}"
    );
}

#[test]
fn every_failed_probe_of_every_start_has_a_reason_and_no_invented_mistake() {
    for challenge in challenges() {
        let grade = grade(&challenge, &challenge.start);
        for failure in grade.failures() {
            assert!(!failure.why.is_empty(), "{}: {}", challenge.id, failure.request);
            assert!(!failure.explanation.is_empty(), "{}: the engine explains {}", challenge.id, failure.request);
        }
    }
}

#[test]
fn titles_are_plain_text_and_every_backtick_pairs_up() {
    for challenge in challenges() {
        // titles go into <option>, which cannot hold a <code> element
        assert!(!challenge.title.contains('`'), "{}", challenge.title);
        let texts = std::iter::once(challenge.task)
            .chain(challenge.hints.iter().copied())
            .chain(challenge.probes.iter().map(|probe| probe.why))
            .chain(challenge.probes.iter().flat_map(|probe| probe.mistakes.iter().map(|mistake| mistake.advice)));
        for text in texts {
            assert!(
                text.matches('`').count() % 2 == 0,
                "{}: an unpaired backtick would show as text: {text}",
                challenge.id
            );
        }
    }
}
