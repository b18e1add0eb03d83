//! An attack tree for one unwanted incident: the root is the attacker's goal, gates are AND (all children needed)
//! or OR (any one), leaves are attack steps with a cost (1 easy, 2 moderate, 3 hard). As the chapter teaches, an AND
//! node is as hard as its hardest child and an OR node as easy as its easiest; the cheapest path sets the
//! likelihood of the goal.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Gate {
    And,
    Or,
}

impl Gate {
    pub fn label(self) -> &'static str {
        match self {
            Gate::And => "AND",
            Gate::Or => "OR",
        }
    }

    pub fn parse(text: &str) -> Option<Gate> {
        match text.trim() {
            "and" => Some(Gate::And),
            "or" => Some(Gate::Or),
            _ => None,
        }
    }
}

/// A step an attacker can take, from the lab's library (leaves name one, so exercises check steps, not wording).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttackStep {
    pub id: &'static str,
    pub label: &'static str,
}

pub static ATTACK_STEPS: &[AttackStep] = &[
    AttackStep { id: "scan-telnet", label: "Scan the internet for devices with Telnet or SSH open" },
    AttackStep { id: "default-password", label: "Log in with a default password from a published list" },
    AttackStep { id: "brute-force", label: "Brute-force a weak, user-chosen password" },
    AttackStep { id: "unpatched-flaw", label: "Exploit a known, unpatched firmware flaw" },
    AttackStep { id: "phish-admin", label: "Phish the administrator's credentials" },
    AttackStep { id: "guest-wifi", label: "Reach the admin page from the guest Wi-Fi" },
    AttackStep { id: "open-device", label: "Open a device in a public corridor" },
    AttackStep { id: "debug-port", label: "Read the key over the debug header" },
    AttackStep { id: "forge-update", label: "Install forged firmware through the update mechanism" },
    AttackStep { id: "other", label: "Another step (describe it in the label)" },
];

pub fn find_step(id: &str) -> Option<&'static AttackStep> {
    ATTACK_STEPS.iter().find(|step| step.id == id)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum NodeKind {
    Gate { gate: Gate },
    Step { step: String, cost: u8 },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Node {
    pub id: String,
    pub label: String,
    /// `None` for the root (the goal).
    pub parent: Option<String>,
    #[serde(flatten)]
    pub kind: NodeKind,
}

/// The tree; the root is its first node, an OR gate named by the goal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttackTree {
    pub nodes: Vec<Node>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TreeError {
    NoSuchNode(String),
    NotAGate(String),
    CostOffScale(u8),
    UnknownStep(String),
    EmptyLabel,
    Malformed(String),
    RootStays,
}

impl fmt::Display for TreeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TreeError::NoSuchNode(id) => write!(f, "the tree has no node `{id}`"),
            TreeError::NotAGate(label) => write!(f, "“{label}” is a step; only AND and OR nodes have children"),
            TreeError::CostOffScale(cost) => write!(f, "a cost is 1 (easy), 2 (moderate) or 3 (hard), not {cost}"),
            TreeError::UnknownStep(step) => write!(f, "`{step}` is not an attack step of this lab"),
            TreeError::EmptyLabel => f.write_str("give the node a label"),
            TreeError::Malformed(why) => write!(f, "the attack tree is not a tree: {why}"),
            TreeError::RootStays => f.write_str("the goal stays; rename it instead"),
        }
    }
}

/// The cost of reaching a node: `None` when it cannot be reached (a gate without children, or a step ruled out).
pub type Cost = Option<u8>;

impl AttackTree {
    /// A tree with only its goal.
    pub fn new(goal: &str) -> AttackTree {
        AttackTree {
            nodes: vec![Node {
                id: "goal".into(),
                label: goal.to_owned(),
                parent: None,
                kind: NodeKind::Gate { gate: Gate::Or },
            }],
        }
    }

    pub fn root(&self) -> Option<&Node> {
        self.nodes.first()
    }

    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|node| node.id == id)
    }

    pub fn children<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.nodes.iter().filter(move |node| node.parent.as_deref() == Some(id))
    }

    fn gate_for_child(&self, parent: &str) -> Result<(), TreeError> {
        let node = self.node(parent).ok_or_else(|| TreeError::NoSuchNode(parent.to_owned()))?;
        match node.kind {
            NodeKind::Gate { .. } => Ok(()),
            NodeKind::Step { .. } => Err(TreeError::NotAGate(node.label.clone())),
        }
    }

    /// Adds an AND or OR node under the gate `parent`, with the fresh id `id`.
    pub fn add_gate(&mut self, id: String, parent: &str, gate: Gate, label: &str) -> Result<(), TreeError> {
        self.gate_for_child(parent)?;
        let label = label.trim();
        if label.is_empty() {
            return Err(TreeError::EmptyLabel);
        }
        self.nodes.push(Node {
            id,
            label: label.to_owned(),
            parent: Some(parent.to_owned()),
            kind: NodeKind::Gate { gate },
        });
        Ok(())
    }

    /// Adds an attack step of the library under the gate `parent`; an empty label takes the step's own.
    pub fn add_step(&mut self, id: String, parent: &str, step: &str, label: &str, cost: u8) -> Result<(), TreeError> {
        self.gate_for_child(parent)?;
        let known = find_step(step).ok_or_else(|| TreeError::UnknownStep(step.to_owned()))?;
        if !(1..=3).contains(&cost) {
            return Err(TreeError::CostOffScale(cost));
        }
        let label = if label.trim().is_empty() { known.label } else { label.trim() };
        let kind = NodeKind::Step { step: known.id.to_owned(), cost };
        self.nodes.push(Node { id, label: label.to_owned(), parent: Some(parent.to_owned()), kind });
        Ok(())
    }

    /// Changes a node: a gate's kind, a step's cost, the label.
    pub fn edit(
        &mut self,
        id: &str,
        label: Option<&str>,
        gate: Option<Gate>,
        cost: Option<u8>,
    ) -> Result<(), TreeError> {
        if let Some(cost) = cost.filter(|cost| !(1..=3).contains(cost)) {
            return Err(TreeError::CostOffScale(cost));
        }
        if label.is_some_and(|label| label.trim().is_empty()) {
            return Err(TreeError::EmptyLabel);
        }
        let node =
            self.nodes.iter_mut().find(|node| node.id == id).ok_or_else(|| TreeError::NoSuchNode(id.to_owned()))?;
        if let Some(label) = label {
            node.label = label.trim().to_owned();
        }
        match &mut node.kind {
            NodeKind::Gate { gate: current } => *current = gate.unwrap_or(*current),
            NodeKind::Step { cost: current, .. } => *current = cost.unwrap_or(*current),
        }
        Ok(())
    }

    /// Removes a node and everything under it; the goal stays.
    pub fn remove(&mut self, id: &str) -> Result<(), TreeError> {
        let node = self.node(id).ok_or_else(|| TreeError::NoSuchNode(id.to_owned()))?;
        if node.parent.is_none() {
            return Err(TreeError::RootStays);
        }
        let mut doomed = vec![id.to_owned()];
        let mut index = 0;
        while index < doomed.len() {
            let children: Vec<String> = self.children(&doomed[index]).map(|node| node.id.clone()).collect();
            doomed.extend(children);
            index += 1;
        }
        self.nodes.retain(|node| !doomed.contains(&node.id));
        Ok(())
    }

    /// Checks a tree read from a file: one root first, unique ids, parents that are gates, known steps and costs on
    /// the scale, no cycles (every node reaches the root).
    pub fn validate(&self) -> Result<(), TreeError> {
        let root = self.root().ok_or_else(|| TreeError::Malformed("it has no goal".into()))?;
        if root.parent.is_some() || !matches!(root.kind, NodeKind::Gate { .. }) {
            return Err(TreeError::Malformed("its first node must be the goal, an AND or OR node".into()));
        }
        for (index, node) in self.nodes.iter().enumerate() {
            if node.id.trim().is_empty() || self.nodes[..index].iter().any(|other| other.id == node.id) {
                return Err(TreeError::Malformed(format!("node id `{}` is empty or repeated", node.id)));
            }
            if index > 0 {
                let parent = node.parent.as_deref().ok_or_else(|| TreeError::Malformed("it has two goals".into()))?;
                self.gate_for_child(parent)?;
            }
            if let NodeKind::Step { step, cost } = &node.kind {
                find_step(step).ok_or_else(|| TreeError::UnknownStep(step.clone()))?;
                if !(1..=3).contains(cost) {
                    return Err(TreeError::CostOffScale(*cost));
                }
            }
            let mut at = node;
            for _ in 0..self.nodes.len() {
                match at.parent.as_deref().and_then(|parent| self.node(parent)) {
                    Some(parent) => at = parent,
                    None => break,
                }
            }
            if at.parent.is_some() {
                return Err(TreeError::Malformed(format!("node `{}` is in a cycle", node.id)));
            }
        }
        Ok(())
    }

    /// The cost of the goal, with the steps in `ruled_out` impossible.
    pub fn cost_without(&self, ruled_out: &[&str]) -> Cost {
        self.root().and_then(|root| self.cost_of(root, ruled_out, 0))
    }

    /// The cost of the goal.
    pub fn cost(&self) -> Cost {
        self.cost_without(&[])
    }

    fn cost_of(&self, node: &Node, ruled_out: &[&str], depth: usize) -> Cost {
        if depth > self.nodes.len() {
            return None;
        }
        match &node.kind {
            NodeKind::Step { step, cost } => (!ruled_out.contains(&step.as_str())).then_some(*cost),
            NodeKind::Gate { gate } => {
                let costs: Vec<Cost> =
                    self.children(&node.id).map(|child| self.cost_of(child, ruled_out, depth + 1)).collect();
                if costs.is_empty() {
                    return None;
                }
                match gate {
                    Gate::And => costs.into_iter().collect::<Option<Vec<u8>>>()?.into_iter().max(),
                    Gate::Or => costs.into_iter().flatten().min(),
                }
            }
        }
    }

    /// The nodes on the cheapest path to the goal (the goal included): an OR node follows its cheapest child (the
    /// first, on a tie), an AND node all its children. Empty when the goal cannot be reached.
    pub fn cheapest_path(&self) -> Vec<String> {
        let mut path = Vec::new();
        if let Some(root) = self.root().filter(|_| self.cost().is_some()) {
            self.collect_path(root, &mut path, 0);
        }
        path
    }

    fn collect_path(&self, node: &Node, path: &mut Vec<String>, depth: usize) {
        if depth > self.nodes.len() {
            return;
        }
        path.push(node.id.clone());
        match &node.kind {
            NodeKind::Step { .. } => {}
            NodeKind::Gate { gate: Gate::And } => {
                for child in self.children(&node.id) {
                    self.collect_path(child, path, depth + 1);
                }
            }
            NodeKind::Gate { gate: Gate::Or } => {
                let cheapest = self
                    .children(&node.id)
                    .filter_map(|child| self.cost_of(child, &[], depth + 1).map(|cost| (cost, child)))
                    .min_by_key(|(cost, _)| *cost);
                if let Some((_, child)) = cheapest {
                    self.collect_path(child, path, depth + 1);
                }
            }
        }
    }

    /// The steps (library ids) on the cheapest path.
    pub fn cheapest_steps(&self) -> Vec<&str> {
        let path = self.cheapest_path();
        self.nodes
            .iter()
            .filter(|node| path.contains(&node.id))
            .filter_map(|node| match &node.kind {
                NodeKind::Step { step, .. } => Some(step.as_str()),
                NodeKind::Gate { .. } => None,
            })
            .collect()
    }
}

/// "easy", "moderate", "hard"
pub fn cost_label(cost: u8) -> &'static str {
    match cost {
        1 => "easy",
        2 => "moderate",
        _ => "hard",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Figure 2.2 of the chapter.
    fn figure() -> AttackTree {
        let mut tree = AttackTree::new("Command the valves");
        tree.add_gate("admin".into(), "goal", Gate::And, "Gateway admin page").expect("gate");
        tree.add_step("wifi".into(), "admin", "guest-wifi", "", 1).expect("step");
        tree.add_step("password".into(), "admin", "default-password", "", 1).expect("step");
        tree.add_step("phish".into(), "goal", "phish-admin", "Steal the contractor's credentials", 2).expect("step");
        tree.add_gate("radio".into(), "goal", Gate::And, "Forge radio commands").expect("gate");
        tree.add_step("open".into(), "radio", "open-device", "", 1).expect("step");
        tree.add_step("debug".into(), "radio", "debug-port", "", 2).expect("step");
        tree
    }

    #[test]
    fn the_chapter_figure_is_easy_through_the_gateway() {
        let tree = figure();
        assert_eq!(tree.validate(), Ok(()));
        assert_eq!(tree.cost(), Some(1));
        assert_eq!(tree.cheapest_path(), vec!["goal", "admin", "wifi", "password"]);
        assert_eq!(tree.cheapest_steps(), vec!["guest-wifi", "default-password"]);
        assert_eq!(tree.cost_without(&["debug-port"]), Some(1), "closing the radio branch changes nothing");
        assert_eq!(tree.cost_without(&["default-password"]), Some(2), "unique passwords leave phishing");
        assert_eq!(tree.cost_without(&["default-password", "phish-admin"]), Some(2));
        assert_eq!(tree.cost_without(&["default-password", "phish-admin", "open-device"]), None);
    }

    #[test]
    fn edits_are_checked() {
        let mut tree = figure();
        assert_eq!(
            tree.add_step("x".into(), "wifi", "default-password", "", 1),
            Err(TreeError::NotAGate("Reach the admin page from the guest Wi-Fi".into()))
        );
        assert_eq!(
            tree.add_step("x".into(), "goal", "teleport", "", 1),
            Err(TreeError::UnknownStep("teleport".into()))
        );
        assert_eq!(tree.add_step("x".into(), "goal", "brute-force", "", 4), Err(TreeError::CostOffScale(4)));
        assert_eq!(tree.add_gate("x".into(), "goal", Gate::Or, " "), Err(TreeError::EmptyLabel));
        assert_eq!(tree.remove("goal"), Err(TreeError::RootStays));
        tree.edit("password", None, None, Some(3)).expect("edited");
        assert_eq!(tree.cost(), Some(2), "the AND branch is now hard; phishing is cheapest");
        tree.edit("admin", None, Some(Gate::Or), None).expect("edited");
        assert_eq!(tree.cost(), Some(1));
        tree.remove("admin").expect("removed");
        assert!(tree.node("wifi").is_none() && tree.node("password").is_none());
        assert_eq!(tree.cheapest_steps(), vec!["phish-admin"]);
        assert_eq!(AttackTree::new("Nothing yet").cost(), None);
        assert!(AttackTree::new("Nothing yet").cheapest_path().is_empty());
    }

    #[test]
    fn validation_refuses_cycles_and_orphans() {
        let mut tree = figure();
        tree.nodes[1].parent = Some("open".into());
        assert!(matches!(tree.validate(), Err(TreeError::NotAGate(_))));
        let mut tree = figure();
        tree.nodes[1].parent = Some("radio".into());
        tree.nodes[5].parent = Some("admin".into());
        assert!(matches!(tree.validate(), Err(TreeError::Malformed(_))), "admin and radio under each other");
        let mut tree = figure();
        tree.nodes[2].parent = Some("nowhere".into());
        assert_eq!(tree.validate(), Err(TreeError::NoSuchNode("nowhere".into())));
        assert!(AttackTree { nodes: vec![] }.validate().is_err());
    }

    proptest! {
        /// Ruling a step out never makes the goal cheaper, and the cheapest path costs what the goal costs.
        #[test]
        fn ruling_out_never_helps_the_attacker(
            shape in prop::collection::vec((0usize..6, any::<bool>(), 0usize..ATTACK_STEPS.len(), 1u8..=3), 1..12),
            ruled in 0usize..ATTACK_STEPS.len(),
        ) {
            let mut tree = AttackTree::new("goal");
            let mut gates = vec!["goal".to_owned()];
            for (index, (parent, is_gate, step, cost)) in shape.into_iter().enumerate() {
                let parent = gates[parent % gates.len()].clone();
                let id = format!("n{index}");
                if is_gate {
                    tree.add_gate(id.clone(), &parent, if cost == 1 { Gate::And } else { Gate::Or }, "gate").expect("gate");
                    gates.push(id);
                } else {
                    tree.add_step(id, &parent, ATTACK_STEPS[step].id, "", cost).expect("step");
                }
            }
            prop_assert_eq!(tree.validate(), Ok(()));
            let cost = tree.cost();
            let without = tree.cost_without(&[ATTACK_STEPS[ruled].id]);
            let consistent = match (cost, without) {
                (Some(a), Some(b)) => b >= a,
                (None, Some(_)) => false,
                _ => true,
            };
            prop_assert!(consistent);
            if let Some(cost) = cost {
                let path = tree.cheapest_path();
                let worst = tree.nodes.iter().filter(|node| path.contains(&node.id)).filter_map(|node| match node.kind {
                    NodeKind::Step { cost, .. } => Some(cost),
                    NodeKind::Gate { .. } => None,
                }).max();
                prop_assert_eq!(worst, Some(cost));
            }
        }
    }
}
