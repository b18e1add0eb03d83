//! The rule every lab follows for its saved progress, free of UI and IO: nothing is written before the saved
//! progress was read (a reload must not erase it) and before the reader did something (opening a chapter
//! stores nothing); unreadable progress is reported and replaced. A lab's reducer owns a [`SaveGate`]; the
//! [`crate::hooks::use_saved_progress`] hook reads and writes the storage.

use lab_storage::Loaded;

use crate::notice::Notice;

/// Whether a lab's progress may be saved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SaveGate {
    restored: bool,
    touched: bool,
}

impl SaveGate {
    /// The reader changed something worth saving.
    pub fn touch(&mut self) {
        self.touched = true;
    }

    /// Takes what the storage held: `Ok(Some(progress))` to apply, `Ok(None)` when nothing was saved. Unreadable
    /// progress is `Err` with an error notice whose text `explain` writes from the reason; the gate then opens,
    /// so the lab saves over it.
    pub fn restore<T>(&mut self, loaded: Loaded<T>, explain: impl FnOnce(&str) -> String) -> Result<Option<T>, Notice> {
        self.restored = true;
        match loaded {
            Loaded::Missing => Ok(None),
            Loaded::Found(progress) => Ok(Some(progress)),
            Loaded::Corrupt(reason) => {
                self.touched = true;
                Err(Notice::error(explain(&reason)))
            }
        }
    }

    /// Whether saved progress has been read.
    pub fn restored(&self) -> bool {
        self.restored
    }

    /// Whether the reader did something worth saving (or saved progress was unreadable).
    pub fn touched(&self) -> bool {
        self.touched
    }

    /// Whether the save effect writes: progress was read and the reader did something.
    pub fn is_open(&self) -> bool {
        self.restored && self.touched
    }

    /// The progress to save, when the gate is open.
    pub fn to_save<T>(&self, progress: impl FnOnce() -> T) -> Option<T> {
        self.is_open().then(progress)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_saved_before_restore_and_before_the_reader_acts() {
        let mut gate = SaveGate::default();
        gate.touch();
        assert_eq!(gate.to_save(|| 1), None, "acting before the restore saves nothing");
        let mut gate = SaveGate::default();
        assert_eq!(gate.restore(Loaded::Found(7), |_| String::new()), Ok(Some(7)));
        assert_eq!(gate.to_save(|| 1), None, "what was read is not written back");
        gate.touch();
        assert_eq!(gate.to_save(|| 1), Some(1));
        let mut gate = SaveGate::default();
        assert_eq!(gate.restore::<u8>(Loaded::Missing, |_| String::new()), Ok(None));
        assert!(gate.restored() && !gate.touched() && !gate.is_open());
    }

    #[test]
    fn unreadable_progress_is_reported_and_replaced() {
        let mut gate = SaveGate::default();
        let notice = gate
            .restore::<u8>(Loaded::Corrupt("it has no version".into()), |reason| {
                format!("could not be read ({reason})")
            })
            .expect_err("corrupt");
        assert_eq!(notice, Notice::error("could not be read (it has no version)"));
        assert!(gate.is_open(), "the lab saves over what it could not read");
    }
}
