//! One catalogue entry applied to the catalogue being built: the activity is looked up by uuid, else by
//! name (a duplicate across base files is reported); a merged entry updates the one found, and an entry
//! that matches none creates an activity.

use super::read::Entry;
use super::{Builder, Cur};
use crate::model::Activity;
use crate::validate::fields::Ctx;

impl Builder {
    pub(super) fn entry(&mut self, e: Entry, merging: bool, cx: &mut Ctx) {
        let by_uuid = e
            .uuid
            .as_ref()
            .and_then(|u| self.acts.iter().position(|c| c.a.uuid == *u));
        let by_name = self.acts.iter().position(|c| c.a.name == e.name);
        let found = match (&e.uuid, by_uuid, by_name) {
            (Some(_), Some(i), _) => Some(i),
            (None, _, Some(i)) => Some(i),
            (Some(u), None, Some(i)) => {
                let (other, f) = (&self.acts[i].a.uuid, &self.acts[i].file);
                if merging {
                    cx.error(e.pos, "duplicate-name", format!("activity `{}` exists with a different uuid ({u} here, {other} in {f})", e.name), "use the existing uuid to override the activity, or give the new one another name");
                } else if !cx.file.eq(f) {
                    cx.error(
                        e.pos,
                        "duplicate-name",
                        format!(
                            "activity `{}` ({u}) is already defined in {f} with uuid {other}",
                            e.name
                        ),
                        "activity names must be unique across the catalogue",
                    );
                }
                return;
            }
            _ => None,
        };
        match found {
            Some(i) if !merging => {
                let f = &self.acts[i].file;
                // Within one file, `check_duplicates` reported it already.
                if f != cx.file {
                    let uuid = &self.acts[i].a.uuid;
                    if self.acts[i].a.name == e.name {
                        cx.warning(e.pos, "duplicate-activity", format!("activity `{}` ({uuid}) is also defined in {f}; the first copy is kept", e.name), "remove one copy; the DSOMM app refuses a catalogue with a duplicate");
                    } else {
                        cx.error(
                            e.pos,
                            "duplicate-uuid",
                            format!(
                                "activity `{}` repeats uuid {uuid} already defined in {f} as `{}`",
                                e.name, self.acts[i].a.name
                            ),
                            "every activity needs its own uuid",
                        );
                    }
                }
            }
            Some(i) => self.update(i, e, cx.file),
            None => self.create(e, cx),
        }
    }

    fn update(&mut self, i: usize, e: Entry, file: &str) {
        let c = &mut self.acts[i];
        if c.a.name != e.name {
            self.former.push((c.a.name.clone(), c.a.uuid.clone()));
            c.a.name = e.name;
        }
        c.a.dimension = e.dimension;
        c.a.subdimension = e.subdimension;
        c.file = file.to_string();
        c.pos = e.pos;
        let a = &mut c.a;
        macro_rules! set {
            ($($f:ident),*) => { $( if let Some(v) = e.$f { a.$f = v; } )* };
        }
        set!(
            level,
            difficulty,
            usefulness,
            tags,
            references,
            description,
            risk,
            measure,
            assessment,
            comments
        );
        if let Some(d) = e.depends_on {
            c.deps = d;
            c.deps_file = file.to_string();
        }
        if let Some(i) = e.implementation {
            c.items = i;
        }
    }

    fn create(&mut self, e: Entry, cx: &mut Ctx) {
        let Some(uuid) = e.uuid else {
            cx.error(
                e.pos,
                "missing-field",
                format!("activity `{}` has no `uuid`", e.name),
                "every activity needs a unique uuid (a later file may leave it out only to override an existing activity by name)",
            );
            return;
        };
        let level = e.level.unwrap_or_else(|| {
            cx.error(
                e.pos,
                "missing-field",
                format!("activity `{}` has no valid `level`", e.name),
                "add `level: 1` to `level: 5`",
            );
            1
        });
        let a = Activity {
            uuid,
            name: e.name,
            dimension: e.dimension,
            subdimension: e.subdimension,
            level,
            difficulty: e.difficulty.unwrap_or_default(),
            usefulness: e.usefulness.unwrap_or(0),
            depends_on: Vec::new(),
            tags: e.tags.unwrap_or_default(),
            references: e.references.unwrap_or_default(),
            tools: Vec::new(),
            description: e.description.unwrap_or_default(),
            risk: e.risk.unwrap_or_default(),
            measure: e.measure.unwrap_or_default(),
            assessment: e.assessment.unwrap_or_default(),
            comments: e.comments.unwrap_or_default(),
        };
        self.acts.push(Cur {
            a,
            items: e.implementation.unwrap_or_default(),
            deps: e.depends_on.unwrap_or_default(),
            deps_file: cx.file.to_string(),
            file: cx.file.to_string(),
            pos: e.pos,
        });
    }
}
