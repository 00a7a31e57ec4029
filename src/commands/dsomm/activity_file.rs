//! A catalogue in the DSOMM app's activity-file layout (`meta` document, then dimension -> subdimension ->
//! activity), so `export-dsomm` hands the app the catalogue the project uses (custom, extended or merged).

use crate::model::{Activity, Catalog};
use crate::util::yaml_out::{Entry, Value, document, plain, str, strs};

/// The whole file: a `meta` document, then the activities.
pub fn file(cat: &Catalog, source: &str) -> String {
    let mut meta = vec![Entry::new("version", str(&cat.version))];
    if let Some(r) = &cat.released {
        meta.push(Entry::new("released", str(r)));
    }
    if let Some(p) = &cat.publisher {
        meta.push(Entry::new("publisher", str(p)));
    }
    let head = document(
        &[&format!(
            "Activity catalogue {} for the DSOMM app, {source}.",
            cat.version
        )],
        &Value::Map(vec![Entry::new("meta", Value::Map(meta))]),
    );
    let dims = cat
        .dimensions
        .iter()
        .map(|d| {
            let subs = d
                .subdimensions
                .iter()
                .map(|s| {
                    let acts = s
                        .activities
                        .iter()
                        .map(|&i| Entry::new(&cat.activities[i].name, activity(&cat.activities[i])))
                        .collect();
                    Entry::new(&s.name, Value::Map(acts))
                })
                .collect();
            Entry::new(&d.name, Value::Map(subs))
        })
        .collect();
    format!("---\n{head}---\n{}", document(&[], &Value::Map(dims)))
}

fn activity(a: &Activity) -> Value {
    let mut m = vec![Entry::new("uuid", plain(&a.uuid))];
    for (k, v) in [
        ("description", &a.description),
        ("risk", &a.risk),
        ("measure", &a.measure),
        ("assessment", &a.assessment),
        ("comments", &a.comments),
    ] {
        if !v.is_empty() {
            m.push(Entry::new(k, str(v)));
        }
    }
    m.push(Entry::new("level", plain(a.level)));
    let d = a.difficulty;
    if d.knowledge > 0 {
        m.push(Entry::new(
            "difficultyOfImplementation",
            Value::Map(vec![
                Entry::new("knowledge", plain(d.knowledge)),
                Entry::new("time", plain(d.time)),
                Entry::new("resources", plain(d.resources)),
            ]),
        ));
    }
    if a.usefulness > 0 {
        m.push(Entry::new("usefulness", plain(a.usefulness)));
    }
    if !a.depends_on.is_empty() {
        // By uuid, as in the generated upstream model; the app shows the names.
        m.push(Entry::new("dependsOn", strs(&a.depends_on)));
    }
    m.push(Entry::new("tags", strs(&a.tags)));
    let r = &a.references;
    let mut refs = Vec::new();
    for (k, v) in [
        ("samm2", &r.samm2),
        ("iso27001-2017", &r.iso27001_2017),
        ("iso27001-2022", &r.iso27001_2022),
    ] {
        refs.push(Entry::new(k, strs(v)));
    }
    for (k, v) in &r.other {
        refs.push(Entry::new(k, strs(v)));
    }
    refs.push(Entry::new("openCRE", strs(&r.opencre)));
    m.push(Entry::new("references", Value::Map(refs)));
    let items = a
        .tools
        .iter()
        .map(|t| {
            let mut i = Vec::new();
            if let Some(u) = &t.uuid {
                i.push(Entry::new("uuid", plain(u)));
            }
            i.push(Entry::new("name", str(&t.name)));
            i.push(Entry::new("tags", strs(&t.tags)));
            if let Some(u) = &t.url {
                i.push(Entry::new("url", str(u)));
            }
            if !t.description.is_empty() {
                i.push(Entry::new("description", str(&t.description)));
            }
            Value::Map(i)
        })
        .collect();
    m.push(Entry::new("implementation", Value::Seq(items)));
    Value::Map(m)
}
