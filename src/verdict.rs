//! What the classifier returns: a label, score and reason per marked element, and a page decision.

/// The four block classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Label {
    /// The page's own content (article, post, product, documentation).
    Content = 0,
    /// Ads, paywall teasers, subscribe/newsletter boxes, related rails, share bars, app banners.
    Promo = 1,
    /// Menus, headers, breadcrumbs, footer link lists, pagination.
    Nav = 2,
    /// Cookie banners, copyright lines, terms/privacy notices, disclaimers.
    Legal = 3,
}

impl Label {
    /// All labels in wire-code order.
    pub const ALL: [Label; 4] = [Label::Content, Label::Promo, Label::Nav, Label::Legal];

    /// The name used in `data-pith-label` and in CLI output.
    pub fn name(self) -> &'static str {
        match self {
            Label::Content => "content",
            Label::Promo => "promo",
            Label::Nav => "nav",
            Label::Legal => "legal",
        }
    }

    /// The label for a wire code, if valid.
    pub fn from_code(code: u32) -> Option<Label> {
        Label::ALL.get(code as usize).copied()
    }

    /// The label for a name, if valid.
    pub fn from_name(name: &str) -> Option<Label> {
        Label::ALL.iter().copied().find(|l| l.name() == name)
    }
}

/// One element to mark: `node` is a snapshot index; its whole subtree has this label.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// Snapshot index of the element.
    pub node: u32,
    /// The class of everything inside it.
    pub label: Label,
    /// Confidence in `label`, 0..=1.
    pub score: f32,
    /// Index into [`crate::classify::REASONS`]: the main cause of the label.
    pub reason: u32,
}

/// The classifier's answer for one page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Verdict {
    /// False when the classifier is not confident the page has main content: hide nothing.
    pub apply: bool,
    /// Maximal same-label subtrees, in document order.
    pub marks: Vec<Mark>,
}

/// Version tag of the numeric result format.
pub const WIRE_VERSION: u32 = 1;

impl Verdict {
    /// Numeric result for the browser: `[version, apply, n, (node, label, score‰, reason) × n]`.
    pub fn to_wire(&self) -> Vec<u32> {
        let mut out = Vec::with_capacity(3 + self.marks.len() * 4);
        out.extend([WIRE_VERSION, self.apply as u32, self.marks.len() as u32]);
        for m in &self.marks {
            out.extend([m.node, m.label as u32, (m.score.clamp(0.0, 1.0) * 1000.0).round() as u32, m.reason]);
        }
        out
    }

    /// Label of every snapshot node implied by the marks (`None` outside every mark).
    pub fn node_labels(&self, parents: &[Option<u32>]) -> Vec<Option<Label>> {
        let mut labels: Vec<Option<Label>> = vec![None; parents.len()];
        for m in &self.marks {
            if let Some(slot) = labels.get_mut(m.node as usize) {
                *slot = Some(m.label);
            }
        }
        for i in 0..parents.len() {
            if labels[i].is_none() {
                if let Some(p) = parents[i] {
                    labels[i] = labels[p as usize];
                }
            }
        }
        labels
    }
}
