//! The assessment report: the phases of the ISO/IEC 29134 process (threshold, description, necessity, risks,
//! treatment, follow-up) with the minimum content of GDPR Art. 35(7)(a) to (d) marked on each section. One
//! structure, written as Markdown (to paste into a report) and as a printable, self-contained HTML page.

use crate::necessity;
use crate::processing::{CUSTOMER_NAME, HOMES, METER_ID};
use crate::risks::{self, Measure};
use crate::threshold::{Art35Case, Criterion, Finding};
use crate::work::Work;

/// A block of a section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(String),
    List(Vec<String>),
    Table { headers: Vec<String>, rows: Vec<Vec<String>> },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub heading: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub title: String,
    pub sections: Vec<Section>,
}

fn strings<const N: usize>(items: [&str; N]) -> Vec<String> {
    items.into_iter().map(str::to_owned).collect()
}

fn yes_no(value: bool) -> String {
    if value { "Yes" } else { "No" }.to_owned()
}

/// The report of the student's assessment.
pub fn report(work: &Work) -> Report {
    let processing = &work.processing;
    let threshold = &work.threshold;
    let scenario = threshold.scenario;
    let mut sections = Vec::new();

    let criteria_rows = Criterion::ALL
        .into_iter()
        .map(|criterion| {
            vec![
                criterion.label().to_owned(),
                yes_no(threshold.criteria.contains(&criterion)),
                match scenario.criterion(criterion) {
                    Finding::Arguable(reason) => format!("Arguable: {reason}"),
                    finding => finding.reason().to_owned(),
                },
            ]
        })
        .chain(Art35Case::ALL.into_iter().map(|case| {
            vec![
                case.label().to_owned(),
                yes_no(threshold.cases.contains(&case)),
                scenario.case(case).reason().to_owned(),
            ]
        }))
        .collect();
    let decision = match threshold.decision {
        Some(true) => "A DPIA is required.",
        Some(false) => "No DPIA is required.",
        None => "Not decided yet.",
    };
    sections.push(Section {
        heading: "1. Threshold analysis (ISO/IEC 29134 threshold analysis; GDPR Art. 35(1) and (3))".to_owned(),
        blocks: vec![
            Block::Paragraph(format!("Processing assessed: {}. {}", scenario.label(), scenario.facts())),
            Block::Table { headers: strings(["WP 248 criterion or Art. 35(3) case", "Met", "Why"]), rows: criteria_rows },
            Block::Paragraph(format!(
                "Decision: {decision} ({} criteria ticked; two or more mean a DPIA in most cases, WP 248 rev.01). The supervisory authorities' lists (Art. 35(4)) are checked separately.",
                threshold.criteria.len()
            )),
        ],
    });

    let purposes = processing
        .enabled()
        .map(|purpose| {
            let choice = processing.choice(purpose);
            let mut basis = choice.basis.map_or("not recorded".to_owned(), |basis| basis.label().to_owned());
            if purpose.special_categories() {
                basis.push_str(if choice.explicit_consent {
                    "; explicit consent, Art. 9(2)(a)"
                } else {
                    "; Art. 9(2) condition not recorded"
                });
            }
            vec![
                purpose.label().to_owned(),
                purpose.recipient().label().to_owned(),
                basis,
                format!("{} days", purpose.retention_days()),
            ]
        })
        .collect();
    let flows = processing
        .flows()
        .into_iter()
        .map(|flow| {
            vec![
                flow.channel.path().to_owned(),
                format!("{} ({})", flow.recipient.label(), flow.recipient.originator()),
                flow.resolution.label(flow.channel).to_owned(),
                flow.identifiers.label(flow.channel).to_owned(),
                format!("{} days", processing.policy.retention_days),
            ]
        })
        .collect();
    sections.push(Section {
        heading: "2. Description of the processing (preparation; performing step 1, information flows; GDPR Art. 35(7)(a))"
            .to_owned(),
        blocks: vec![
            Block::Paragraph(format!(
                "NordWatt's household energy service on its oneM2M platform, for {HOMES} homes such as the household of {CUSTOMER_NAME} (meter {METER_ID}). Controller: NordWatt. The home gateway writes the readings into the platform's containers; each recipient retrieves them under an accessControlPolicy. The policy was {}.",
                match processing.source {
                    crate::processing::PolicySource::PrivacyLab => "taken from the privacy lab",
                    crate::processing::PolicySource::Default => "the privacy lab's default",
                }
            )),
            Block::List(processing.categories()),
            Block::Table { headers: strings(["Purpose", "Recipient", "Lawful basis", "Needs on the platform"]), rows: purposes },
            Block::Table { headers: strings(["Container", "Recipient", "Resolution", "Identifiers", "Retention"]), rows: flows },
        ],
    });

    let questions = necessity::questions(processing);
    let mut necessity_blocks = vec![Block::Table {
        headers: strings(["Question", "Assessor's answer", "Lab's finding"]),
        rows: questions
            .iter()
            .map(|question| {
                vec![
                    question.text.clone(),
                    if work.necessity.marks.contains(&question.id) { "Excessive" } else { "Needed" }.to_owned(),
                    question.flag.clone().unwrap_or_else(|| "Needed as sent".to_owned()),
                ]
            })
            .collect(),
    }];
    let unserved = necessity::unserved(processing);
    if !unserved.is_empty() {
        necessity_blocks.push(Block::Paragraph("Purposes the description does not serve:".to_owned()));
        necessity_blocks.push(Block::List(unserved));
    }
    let basis_problems: Vec<String> = processing.basis_problems().into_iter().map(|problem| problem.text).collect();
    if !basis_problems.is_empty() {
        necessity_blocks.push(Block::Paragraph("Lawfulness (Art. 6 and 9):".to_owned()));
        necessity_blocks.push(Block::List(basis_problems));
    }
    sections.push(Section {
        heading:
            "3. Necessity and proportionality (performing steps 2 and 3; GDPR Art. 35(7)(b); Art. 5(1)(b), (c), (e))"
                .to_owned(),
        blocks: necessity_blocks,
    });

    let register = work.register();
    sections.push(Section {
        heading: "4. Risks to the rights and freedoms of the data subjects (performing step 4; GDPR Art. 35(7)(c))"
            .to_owned(),
        blocks: vec![
            Block::Paragraph(
                "Threats found with the LINDDUN categories; severity for the people and likelihood on the four-level scale of the CNIL PIA method (negligible, limited, significant, maximum). A risk is high when the two add up to 4 or more (negligible 0 to maximum 3)."
                    .to_owned(),
            ),
            Block::Table {
                headers: strings(["Risk to people", "LINDDUN", "Severity / likelihood", "Because"]),
                rows: register
                    .iter()
                    .map(|risk| {
                        vec![
                            risk.threat.label().to_owned(),
                            risk.threat.category().label().to_owned(),
                            risk.inherent.describe(),
                            risk.why.clone(),
                        ]
                    })
                    .collect(),
            },
        ],
    });

    let measures: Vec<String> =
        work.measures.iter().map(|measure| format!("{} ({})", measure.label(), measure.serves())).collect();
    sections.push(Section {
        heading: "5. Measures envisaged and residual risk (performing step 5; GDPR Art. 35(7)(d))".to_owned(),
        blocks: vec![
            if measures.is_empty() {
                Block::Paragraph("No measure chosen yet.".to_owned())
            } else {
                Block::List(measures)
            },
            Block::Table {
                headers: strings([
                    "Risk to people",
                    "Measures acting on it",
                    "Residual severity / likelihood",
                    "High?",
                ]),
                rows: register
                    .iter()
                    .map(|risk| {
                        vec![
                            risk.threat.label().to_owned(),
                            if risk.measures.is_empty() {
                                "none".to_owned()
                            } else {
                                risk.measures
                                    .iter()
                                    .map(|measure: &Measure| measure.key())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            },
                            risk.residual.describe(),
                            yes_no(risk.residual.high()),
                        ]
                    })
                    .collect(),
            },
        ],
    });

    let needed = risks::consultation_needed(&register);
    sections.push(Section {
        heading: "6. Prior consultation and follow-up (GDPR Art. 36, Art. 35(2), 35(11); ISO/IEC 29134 follow-up)".to_owned(),
        blocks: vec![
            Block::Paragraph(format!(
                "Assessor's decision: prior consultation of the supervisory authority {}. The register {} a high residual risk{}.",
                if work.consultation { "is needed" } else { "is not needed" },
                if needed { "shows" } else { "shows no" },
                if needed == work.consultation { "" } else { ": the decision and the register disagree" }
            )),
            Block::List(strings([
                "The data protection officer's advice is recorded (Art. 35(2)).",
                "The assessment is reviewed at each release and before any new recipient (Art. 35(11)).",
                "Each measure has an owner; its implementation is checked at the review.",
            ])),
        ],
    });
    Report { title: "Data protection impact assessment: NordWatt household energy service".to_owned(), sections }
}

impl Report {
    pub fn to_markdown(&self) -> String {
        let cell = |text: &str| text.replace('|', "\\|").replace('\n', " ");
        let mut out = format!("# {}\n", self.title);
        for section in &self.sections {
            out.push_str(&format!("\n## {}\n", section.heading));
            for block in &section.blocks {
                out.push('\n');
                match block {
                    Block::Paragraph(text) => out.push_str(&format!("{text}\n")),
                    Block::List(items) => {
                        for item in items {
                            out.push_str(&format!("- {item}\n"));
                        }
                    }
                    Block::Table { headers, rows } => {
                        let line = |cells: &[String]| {
                            format!("| {} |\n", cells.iter().map(|text| cell(text)).collect::<Vec<_>>().join(" | "))
                        };
                        out.push_str(&line(headers));
                        out.push_str(&format!("|{}\n", "---|".repeat(headers.len())));
                        for row in rows {
                            out.push_str(&line(row));
                        }
                    }
                }
            }
        }
        out
    }

    /// A complete HTML page that prints well and loads nothing from anywhere.
    pub fn to_html(&self) -> String {
        let mut out = format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\nbody {{ font-family: sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.4; }}\ntable {{ border-collapse: collapse; width: 100%; margin: 0.5rem 0; }}\nth, td {{ border: 1px solid #888; padding: 0.25rem 0.4rem; text-align: left; vertical-align: top; }}\nh2 {{ break-after: avoid; }}\ntr {{ break-inside: avoid; }}\n@media print {{ body {{ margin: 0; max-width: none; font-size: 10pt; }} }}\n</style>\n</head>\n<body>\n<h1>{}</h1>\n",
            escape(&self.title),
            escape(&self.title)
        );
        for section in &self.sections {
            out.push_str(&format!("<section>\n<h2>{}</h2>\n", escape(&section.heading)));
            for block in &section.blocks {
                match block {
                    Block::Paragraph(text) => out.push_str(&format!("<p>{}</p>\n", escape(text))),
                    Block::List(items) => {
                        out.push_str("<ul>\n");
                        for item in items {
                            out.push_str(&format!("<li>{}</li>\n", escape(item)));
                        }
                        out.push_str("</ul>\n");
                    }
                    Block::Table { headers, rows } => {
                        out.push_str("<table>\n<thead><tr>");
                        for header in headers {
                            out.push_str(&format!("<th scope=\"col\">{}</th>", escape(header)));
                        }
                        out.push_str("</tr></thead>\n<tbody>\n");
                        for row in rows {
                            out.push_str("<tr>");
                            for text in row {
                                out.push_str(&format!("<td>{}</td>", escape(text)));
                            }
                            out.push_str("</tr>\n");
                        }
                        out.push_str("</tbody>\n</table>\n");
                    }
                }
            }
            out.push_str("</section>\n");
        }
        out.push_str("</body>\n</html>\n");
        out
    }
}

/// Text as HTML text: markup characters are escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::processing::{LawfulBasis, Purpose};
    use crate::risks::Measure;

    fn names_every_purpose(report: &str, work: &Work) -> bool {
        work.processing.enabled().all(|purpose: Purpose| report.contains(purpose.label()))
    }

    #[test]
    fn the_report_covers_art_35_7_and_the_iso_phases_in_both_formats() {
        let mut work = Work::default();
        work.threshold.decision = Some(true);
        work.measures.insert(Measure::Encryption);
        work.processing.purposes.get_mut(&Purpose::Billing).expect("listed").basis = Some(LawfulBasis::Contract);
        let report = report(&work);
        let markdown = report.to_markdown();
        for expected in [
            "Art. 35(7)(a)",
            "Art. 35(7)(b)",
            "Art. 35(7)(c)",
            "Art. 35(7)(d)",
            "Art. 36",
            "Threshold analysis",
            "| Systematic monitoring | No |",
            "Contract, Art. 6(1)(b)",
            "cse-in/meter/energy",
            "GDPR Art. 32(1)(a)",
            "A DPIA is required.",
            "the decision and the register disagree",
        ] {
            assert!(markdown.contains(expected), "missing {expected} in\n{markdown}");
        }
        assert!(names_every_purpose(&markdown, &work));
        let html = report.to_html();
        assert!(html.starts_with("<!DOCTYPE html>") && html.contains("@media print"));
        assert!(html.contains("<th scope=\"col\">Container</th>") && html.contains("<td>cse-in/meter/energy</td>"));
        assert!(!html.contains("http"), "the page loads nothing");
    }

    #[test]
    fn text_cannot_break_the_formats() {
        assert_eq!(escape("<b>&\"'"), "&lt;b&gt;&amp;&quot;&#39;");
        let report = Report {
            title: "t".into(),
            sections: vec![Section {
                heading: "h".into(),
                blocks: vec![Block::Table { headers: vec!["a|b".into()], rows: vec![vec!["x\ny".into()]] }],
            }],
        };
        assert!(report.to_markdown().contains("| a\\|b |\n|---|\n| x y |"));
    }
}
