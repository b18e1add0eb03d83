//! The data flow diagram a threat model starts from: external entities, processes and data stores, the data flows
//! between them, and trust boundaries (each element inside at most one). Edited by operations that check what they
//! are given, so a diagram is always consistent; [`Diagram::validate`] checks one read from a file. The layout
//! the lab draws as SVG is computed here too, so it is tested natively.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

/// What an element of the diagram is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ElementKind {
    /// A person, device or partner system outside the analysed system's control.
    ExternalEntity,
    Process,
    DataStore,
}

impl ElementKind {
    pub const ALL: [ElementKind; 3] = [ElementKind::ExternalEntity, ElementKind::Process, ElementKind::DataStore];

    pub fn label(self) -> &'static str {
        match self {
            ElementKind::ExternalEntity => "External entity",
            ElementKind::Process => "Process",
            ElementKind::DataStore => "Data store",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            ElementKind::ExternalEntity => "external-entity",
            ElementKind::Process => "process",
            ElementKind::DataStore => "data-store",
        }
    }

    pub fn parse(text: &str) -> Option<ElementKind> {
        ElementKind::ALL.into_iter().find(|kind| kind.code() == text.trim())
    }
}

/// What a threat can be about: an element of some kind, or a data flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TargetKind {
    Element(ElementKind),
    Flow,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Element {
    pub id: String,
    pub name: String,
    pub kind: ElementKind,
    /// The trust boundary the element is inside; `None`: outside every boundary.
    #[serde(default)]
    pub boundary: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flow {
    pub id: String,
    pub name: String,
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Boundary {
    pub id: String,
    pub name: String,
}

/// A data flow diagram with trust boundaries.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagram {
    pub elements: Vec<Element>,
    pub flows: Vec<Flow>,
    pub boundaries: Vec<Boundary>,
}

/// Why an edit or a file was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiagramError {
    EmptyName,
    NameTaken(String),
    NoSuchItem(String),
    NoSuchBoundary(String),
    SameEnds(String),
    DuplicateId(String),
    FlowEnd { flow: String, end: String },
    TooLong(usize),
}

impl fmt::Display for DiagramError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DiagramError::EmptyName => f.write_str("give it a name"),
            DiagramError::NameTaken(name) => write!(f, "the diagram already has something called “{name}”"),
            DiagramError::NoSuchItem(id) => write!(f, "the diagram has no element or flow `{id}`"),
            DiagramError::NoSuchBoundary(id) => write!(f, "the diagram has no trust boundary `{id}`"),
            DiagramError::SameEnds(name) => write!(f, "a flow needs two different elements; both ends are “{name}”"),
            DiagramError::DuplicateId(id) => write!(f, "two items share the id `{id}`"),
            DiagramError::FlowEnd { flow, end } => write!(f, "flow `{flow}` ends at `{end}`, which is not an element"),
            DiagramError::TooLong(max) => write!(f, "names are at most {max} characters"),
        }
    }
}

impl std::error::Error for DiagramError {}

/// The longest name the lab accepts (it is drawn in a box).
pub const MAX_NAME: usize = 60;

fn checked_name(name: &str) -> Result<String, DiagramError> {
    let name = name.trim();
    if name.is_empty() {
        Err(DiagramError::EmptyName)
    } else if name.chars().count() > MAX_NAME {
        Err(DiagramError::TooLong(MAX_NAME))
    } else {
        Ok(name.to_owned())
    }
}

impl Diagram {
    pub fn element(&self, id: &str) -> Option<&Element> {
        self.elements.iter().find(|element| element.id == id)
    }

    pub fn flow(&self, id: &str) -> Option<&Flow> {
        self.flows.iter().find(|flow| flow.id == id)
    }

    pub fn boundary(&self, id: &str) -> Option<&Boundary> {
        self.boundaries.iter().find(|boundary| boundary.id == id)
    }

    /// The kind of the element or flow `id`.
    pub fn target_kind(&self, id: &str) -> Option<TargetKind> {
        self.element(id)
            .map(|element| TargetKind::Element(element.kind))
            .or_else(|| self.flow(id).map(|_| TargetKind::Flow))
    }

    /// The name of the element, flow or boundary `id`.
    pub fn name_of(&self, id: &str) -> Option<&str> {
        self.element(id)
            .map(|element| element.name.as_str())
            .or_else(|| self.flow(id).map(|flow| flow.name.as_str()))
            .or_else(|| self.boundary(id).map(|boundary| boundary.name.as_str()))
    }

    /// Every element and flow, as (id, name), elements first.
    pub fn targets(&self) -> Vec<(&str, &str)> {
        let elements = self.elements.iter().map(|element| (element.id.as_str(), element.name.as_str()));
        elements.chain(self.flows.iter().map(|flow| (flow.id.as_str(), flow.name.as_str()))).collect()
    }

    fn boundary_of(&self, element: &str) -> Option<&str> {
        self.element(element).and_then(|element| element.boundary.as_deref())
    }

    /// Whether the flow `id` crosses a trust boundary (its ends are not inside the same one).
    pub fn crosses_boundary(&self, id: &str) -> bool {
        self.flow(id).is_some_and(|flow| self.boundary_of(&flow.from) != self.boundary_of(&flow.to))
    }

    /// Whether the flow `id` enters or leaves the boundary `boundary`.
    pub fn crosses(&self, id: &str, boundary: &str) -> bool {
        self.flow(id).is_some_and(|flow| {
            let (from, to) = (self.boundary_of(&flow.from), self.boundary_of(&flow.to));
            from != to && (from == Some(boundary) || to == Some(boundary))
        })
    }

    fn ids(&self) -> impl Iterator<Item = &str> {
        let elements = self.elements.iter().map(|element| element.id.as_str());
        let flows = self.flows.iter().map(|flow| flow.id.as_str());
        elements.chain(flows).chain(self.boundaries.iter().map(|boundary| boundary.id.as_str()))
    }

    /// Whether `id` is taken by an element, flow or boundary.
    pub fn has_id(&self, id: &str) -> bool {
        self.ids().any(|taken| taken == id)
    }

    fn names(&self) -> impl Iterator<Item = (&str, &str)> {
        let elements = self.elements.iter().map(|element| (element.id.as_str(), element.name.as_str()));
        let flows = self.flows.iter().map(|flow| (flow.id.as_str(), flow.name.as_str()));
        let boundaries = self.boundaries.iter().map(|boundary| (boundary.id.as_str(), boundary.name.as_str()));
        elements.chain(flows).chain(boundaries)
    }

    fn check_free_name(&self, name: &str, except: Option<&str>) -> Result<(), DiagramError> {
        let taken = self.names().any(|(id, taken)| Some(id) != except && taken.to_lowercase() == name.to_lowercase());
        if taken { Err(DiagramError::NameTaken(name.to_owned())) } else { Ok(()) }
    }

    fn check_boundary(&self, boundary: Option<&str>) -> Result<(), DiagramError> {
        match boundary {
            Some(id) if self.boundary(id).is_none() => Err(DiagramError::NoSuchBoundary(id.to_owned())),
            _ => Ok(()),
        }
    }

    /// Adds an element with the fresh id `id`.
    pub fn add_element(
        &mut self,
        id: String,
        name: &str,
        kind: ElementKind,
        boundary: Option<&str>,
    ) -> Result<(), DiagramError> {
        let name = checked_name(name)?;
        self.check_free_name(&name, None)?;
        self.check_boundary(boundary)?;
        self.elements.push(Element { id, name, kind, boundary: boundary.map(str::to_owned) });
        Ok(())
    }

    /// Adds a data flow from one element to another with the fresh id `id`.
    pub fn connect(&mut self, id: String, name: &str, from: &str, to: &str) -> Result<(), DiagramError> {
        let name = checked_name(name)?;
        self.check_free_name(&name, None)?;
        let source = self.element(from).ok_or_else(|| DiagramError::NoSuchItem(from.to_owned()))?;
        if self.element(to).is_none() {
            return Err(DiagramError::NoSuchItem(to.to_owned()));
        }
        if from == to {
            return Err(DiagramError::SameEnds(source.name.clone()));
        }
        self.flows.push(Flow { id, name, from: from.to_owned(), to: to.to_owned() });
        Ok(())
    }

    /// Draws a new trust boundary with the fresh id `id` (empty until elements are moved into it).
    pub fn add_boundary(&mut self, id: String, name: &str) -> Result<(), DiagramError> {
        let name = checked_name(name)?;
        self.check_free_name(&name, None)?;
        self.boundaries.push(Boundary { id, name });
        Ok(())
    }

    /// Moves the element `id` inside `boundary` (`None`: outside every boundary).
    pub fn set_boundary(&mut self, id: &str, boundary: Option<&str>) -> Result<(), DiagramError> {
        self.check_boundary(boundary)?;
        let element = self.elements.iter_mut().find(|element| element.id == id);
        let element = element.ok_or_else(|| DiagramError::NoSuchItem(id.to_owned()))?;
        element.boundary = boundary.map(str::to_owned);
        Ok(())
    }

    /// Renames the element, flow or boundary `id`.
    pub fn rename(&mut self, id: &str, name: &str) -> Result<(), DiagramError> {
        let name = checked_name(name)?;
        self.check_free_name(&name, Some(id))?;
        if let Some(element) = self.elements.iter_mut().find(|element| element.id == id) {
            element.name = name;
        } else if let Some(flow) = self.flows.iter_mut().find(|flow| flow.id == id) {
            flow.name = name;
        } else if let Some(boundary) = self.boundaries.iter_mut().find(|boundary| boundary.id == id) {
            boundary.name = name;
        } else {
            return Err(DiagramError::NoSuchItem(id.to_owned()));
        }
        Ok(())
    }

    /// Removes the element, flow or boundary `id`: an element takes its flows with it, a boundary leaves its
    /// elements outside every boundary. Returns the ids of the elements and flows removed.
    pub fn remove(&mut self, id: &str) -> Result<Vec<String>, DiagramError> {
        if self.boundary(id).is_some() {
            self.boundaries.retain(|boundary| boundary.id != id);
            for element in &mut self.elements {
                if element.boundary.as_deref() == Some(id) {
                    element.boundary = None;
                }
            }
            return Ok(Vec::new());
        }
        if self.flow(id).is_some() {
            self.flows.retain(|flow| flow.id != id);
            return Ok(vec![id.to_owned()]);
        }
        if self.element(id).is_none() {
            return Err(DiagramError::NoSuchItem(id.to_owned()));
        }
        let mut removed = vec![id.to_owned()];
        removed.extend(self.flows.iter().filter(|flow| flow.from == id || flow.to == id).map(|flow| flow.id.clone()));
        self.elements.retain(|element| element.id != id);
        self.flows.retain(|flow| flow.from != id && flow.to != id);
        Ok(removed)
    }

    /// Checks a diagram read from a file: ids unique and not empty, names valid, flows between two existing
    /// elements, boundaries that exist.
    pub fn validate(&self) -> Result<(), DiagramError> {
        let mut seen = BTreeSet::new();
        for id in self.ids() {
            if id.trim().is_empty() || !seen.insert(id) {
                return Err(DiagramError::DuplicateId(id.to_owned()));
            }
        }
        for (_, name) in self.names() {
            checked_name(name)?;
        }
        for element in &self.elements {
            self.check_boundary(element.boundary.as_deref())?;
        }
        for flow in &self.flows {
            for end in [&flow.from, &flow.to] {
                if self.element(end).is_none() {
                    return Err(DiagramError::FlowEnd { flow: flow.id.clone(), end: end.clone() });
                }
            }
            if flow.from == flow.to {
                return Err(DiagramError::SameEnds(flow.name.clone()));
            }
        }
        Ok(())
    }
}

/// Where the lab draws each part of the diagram (SVG user units).
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    /// (boundary id, x, y, width, height)
    pub boundaries: Vec<(String, f64, f64, f64, f64)>,
    /// (element id, centre x, centre y)
    pub elements: Vec<(String, f64, f64)>,
}

pub const BOX_WIDTH: f64 = 150.0;
pub const BOX_HEIGHT: f64 = 44.0;
const COLUMN: f64 = 200.0;
const ROW: f64 = 80.0;
const TOP: f64 = 40.0;

impl Layout {
    pub fn position(&self, element: &str) -> Option<(f64, f64)> {
        self.elements.iter().find(|(id, _, _)| id == element).map(|(_, x, y)| (*x, *y))
    }
}

/// One column per trust boundary, in their order, then one for the elements outside every boundary; elements
/// stacked in their column in diagram order.
pub fn layout(diagram: &Diagram) -> Layout {
    let mut columns: Vec<Option<&str>> = diagram.boundaries.iter().map(|boundary| Some(boundary.id.as_str())).collect();
    if diagram.elements.iter().any(|element| element.boundary.is_none()) {
        columns.push(None);
    }
    let mut elements = Vec::new();
    let mut boundaries = Vec::new();
    let mut tallest = 1;
    for (column, boundary) in columns.iter().enumerate() {
        let members: Vec<&Element> =
            diagram.elements.iter().filter(|element| element.boundary.as_deref() == *boundary).collect();
        let x = COLUMN * column as f64 + COLUMN / 2.0;
        for (row, element) in members.iter().enumerate() {
            elements.push((element.id.clone(), x, TOP + ROW * row as f64 + ROW / 2.0));
        }
        tallest = tallest.max(members.len());
        if let Some(id) = boundary {
            boundaries.push(((*id).to_owned(), x - COLUMN / 2.0 + 6.0, 6.0, COLUMN - 12.0, 0.0));
        }
    }
    let height = TOP + ROW * tallest as f64 + 12.0;
    for boundary in &mut boundaries {
        boundary.4 = height - 12.0;
    }
    Layout { width: (COLUMN * columns.len().max(1) as f64).max(COLUMN), height, boundaries, elements }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reference;

    #[test]
    fn editing_checks_names_ends_and_boundaries() {
        let mut diagram = Diagram::default();
        diagram.add_boundary("home".into(), "Home").expect("a boundary");
        diagram.add_element("meter".into(), "Smart meter", ElementKind::Process, Some("home")).expect("added");
        assert_eq!(
            diagram.add_element("x".into(), "  smart METER ", ElementKind::Process, None),
            Err(DiagramError::NameTaken("smart METER".into()))
        );
        assert_eq!(diagram.add_element("x".into(), "   ", ElementKind::Process, None), Err(DiagramError::EmptyName));
        assert_eq!(
            diagram.add_element("x".into(), "Cloud", ElementKind::Process, Some("moon")),
            Err(DiagramError::NoSuchBoundary("moon".into()))
        );
        diagram.add_element("cloud".into(), "Cloud", ElementKind::Process, None).expect("added");
        assert!(matches!(diagram.connect("f".into(), "loop", "meter", "meter"), Err(DiagramError::SameEnds(_))));
        assert!(matches!(diagram.connect("f".into(), "up", "meter", "mars"), Err(DiagramError::NoSuchItem(_))));
        diagram.connect("f".into(), "Readings", "meter", "cloud").expect("connected");
        assert!(diagram.crosses_boundary("f") && diagram.crosses("f", "home"));
        diagram.set_boundary("cloud", Some("home")).expect("moved");
        assert!(!diagram.crosses_boundary("f"), "both ends inside the home now");
        diagram.rename("f", "Hourly readings").expect("renamed");
        assert_eq!(diagram.name_of("f"), Some("Hourly readings"));
        assert_eq!(diagram.rename("f", "Home"), Err(DiagramError::NameTaken("Home".into())));
        assert_eq!(diagram.remove("home"), Ok(vec![]));
        assert!(diagram.elements.iter().all(|element| element.boundary.is_none()));
        assert_eq!(diagram.remove("meter"), Ok(vec!["meter".to_owned(), "f".to_owned()]));
        assert!(diagram.flows.is_empty());
        assert_eq!(diagram.validate(), Ok(()));
    }

    #[test]
    fn validation_refuses_dangling_flows_and_repeated_ids() {
        let mut diagram = reference::security().diagram;
        assert_eq!(diagram.validate(), Ok(()));
        diagram.flows[0].to = "nowhere".into();
        assert!(matches!(diagram.validate(), Err(DiagramError::FlowEnd { .. })));
        let mut diagram = reference::privacy().diagram;
        let copy = diagram.elements[0].clone();
        diagram.elements.push(copy);
        assert!(matches!(diagram.validate(), Err(DiagramError::DuplicateId(_))));
        let mut diagram = reference::privacy().diagram;
        diagram.elements[0].boundary = Some("moon".into());
        assert_eq!(diagram.validate(), Err(DiagramError::NoSuchBoundary("moon".into())));
    }

    #[test]
    fn the_layout_puts_each_boundary_in_a_column_around_its_elements() {
        let diagram = reference::security().diagram;
        let layout = layout(&diagram);
        assert_eq!(layout.elements.len(), diagram.elements.len());
        for element in &diagram.elements {
            let (x, y) = layout.position(&element.id).expect("placed");
            assert!(x > 0.0 && x < layout.width && y > 0.0 && y < layout.height);
            if let Some(boundary) = &element.boundary {
                let (_, bx, by, bw, bh) = layout.boundaries.iter().find(|b| &b.0 == boundary).expect("drawn");
                assert!(x - BOX_WIDTH / 2.0 >= *bx && x + BOX_WIDTH / 2.0 <= bx + bw, "{} inside", element.id);
                assert!(y - BOX_HEIGHT / 2.0 >= *by && y + BOX_HEIGHT / 2.0 <= by + bh, "{} inside", element.id);
            }
        }
        let empty = super::layout(&Diagram::default());
        assert!(empty.width > 0.0 && empty.elements.is_empty());
    }
}
