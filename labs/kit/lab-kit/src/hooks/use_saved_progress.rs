//! A lab's saved progress: read once the lab is on the page, written whenever the lab has something to save.

use lab_storage::Loaded;
use serde::Serialize;
use serde::de::DeserializeOwned;
use yew::prelude::*;

/// Reads the progress saved under `key` (with `version`) once mounted and hands it to `on_restore` (missing, good
/// or corrupt: the lab's reducer decides, with its [`crate::saved::SaveGate`]); then writes `to_save` under `key`
/// each time it changes to `Some` (the gate says when). Without browser storage nothing is read or written.
#[hook]
pub fn use_saved_progress<T>(key: &str, version: u32, to_save: Option<T>, on_restore: Callback<Loaded<T>>)
where
    T: Serialize + DeserializeOwned + PartialEq + 'static,
{
    {
        let key = key.to_owned();
        use_effect_with((), move |_| on_restore.emit(lab_storage::load::<T>(&key, version)));
    }
    use_save(key, version, to_save);
}

/// The writing half of [`use_saved_progress`], for a second value a lab restores together with its first (the
/// CSE lab's exercise progress beside its session): writes `to_save` under `key` each time it changes to `Some`.
#[hook]
pub fn use_save<T>(key: &str, version: u32, to_save: Option<T>)
where
    T: Serialize + PartialEq + 'static,
{
    let key = key.to_owned();
    use_effect_with(to_save, move |to_save| {
        if let Some(value) = to_save {
            lab_storage::save(&key, version, value);
        }
    });
}
