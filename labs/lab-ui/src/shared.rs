//! Large state a view receives as data (an analysis, a simulated CSE), compared by identity: a reducer replaces
//! it with a new one when it changes and never changes it in place, so two handles to the same value are equal
//! and a view re-renders exactly when it was replaced.

use std::ops::Deref;
use std::rc::Rc;

/// A shared, immutable value that props compare by identity.
#[derive(Debug, Default)]
pub struct Shared<T>(Rc<T>);

impl<T> Shared<T> {
    pub fn new(value: T) -> Self {
        Shared(Rc::new(value))
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Rc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> From<Rc<T>> for Shared<T> {
    fn from(value: Rc<T>) -> Self {
        Shared(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_only_to_itself_and_its_clones() {
        let first = Shared::new(vec![1]);
        let same = first.clone();
        let equal_but_new = Shared::new(vec![1]);
        assert!(first == same);
        assert!(first != equal_but_new, "a replaced value is a change, even with the same content");
        assert_eq!(*first, vec![1]);
    }
}
