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

impl<T: Clone> Shared<T> {
    /// Changes a copy of the value and keeps the copy: always a new identity, so views see the change.
    pub fn update<R>(&mut self, change: impl FnOnce(&mut T) -> R) -> R {
        let mut value = (*self.0).clone();
        let result = change(&mut value);
        self.0 = Rc::new(value);
        result
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

    #[test]
    fn an_update_is_a_new_identity_and_leaves_other_holders_alone() {
        let mut value = Shared::new(vec![1]);
        let before = value.clone();
        let length = value.update(|items| {
            items.push(2);
            items.len()
        });
        assert_eq!(length, 2);
        assert!(value != before, "the view holding the old value re-renders");
        assert_eq!((&*before, &*value), (&vec![1], &vec![1, 2]));
        let mut alone = Shared::new(0);
        let identity = alone.clone();
        drop(identity);
        let old = alone.clone();
        alone.update(|number| *number += 1);
        assert!(alone != old && *alone == 1);
    }
}
