//! The layout rules of README ("Development"), checked over `src/`: no import cycle between sibling
//! modules, every file under the size limit and opening with a `//!` line saying what it is for.
//!
//! A module's dependencies are the `crate::`, `super::` and `self::` paths in its code (in `use`
//! declarations and inline), resolved to the module that defines the item, through `pub use`
//! re-exports. Test code (`#[cfg(test)] mod ...`) is left out: tests may set up through the whole
//! pipeline. An edge between a module and one of its ancestors (a parent using its children, a child
//! using `super::` types) is the usual Rust pattern; every other edge is lifted to the two siblings
//! under the modules' closest common ancestor, and a strongly connected group of siblings is a cycle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// No source file may be longer (README asks for about 400 lines; tests and tables get some slack).
const MAX_LINES: usize = 450;

type Module = Vec<String>;

struct Source {
    file: String,
    code: String,
    /// Child modules declared under `#[cfg(test)]`, left out of the graph.
    test_children: BTreeSet<String>,
}

fn module_of(rel: &Path) -> Option<Module> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop()?.strip_suffix(".rs")?.to_string();
    match (parts.is_empty(), last.as_str()) {
        // The binary crate, checked for its size and `//!` line (it uses the library by name: no edges).
        (true, "main") => Some(vec!["main".into()]),
        (true, "lib") => Some(parts),
        (_, "mod") => Some(parts),
        _ => {
            parts.push(last);
            Some(parts)
        }
    }
}

fn sources() -> BTreeMap<Module, Source> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path.strip_prefix(&root).unwrap();
            if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                let (code, test_children) = strip(&text);
                if let Some(m) = module_of(rel) {
                    let file = format!("src/{}", rel.display());
                    out.insert(
                        m,
                        Source {
                            file,
                            code,
                            test_children,
                        },
                    );
                }
            }
        }
    }
    out
}

/// The code without comments, string and character literals, and `#[cfg(test)]` inline modules; and
/// the names of `#[cfg(test)] mod NAME;` children.
fn strip(text: &str) -> (String, BTreeSet<String>) {
    let b: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < b.len() && b[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i + 1 < b.len() && !(b[i] == '*' && b[i + 1] == '/') {
                i += 1;
            }
            i += 2;
        } else if c == 'r'
            && (next == Some('"') || next == Some('#'))
            && !b
                .get(i.wrapping_sub(1))
                .is_some_and(|p| p.is_alphanumeric() || *p == '_')
        {
            // A raw string r"..." or r#"..."#.
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= b.len() {
                    break;
                }
                if b[j] == '"' && (0..hashes).all(|k| b.get(j + 1 + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c == '"' {
            i += 1;
            while i < b.len() && b[i] != '"' {
                if b[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' && next == Some('\\') {
            // An escaped character literal: '\n', '\'', '\u{..}'.
            i += 2;
            while i < b.len() && b[i] != '\'' {
                i += 1;
            }
            i += 1;
            out.push_str("' '");
        } else if c == '\'' && b.get(i + 2) == Some(&'\'') {
            i += 3;
            out.push_str("' '");
        } else {
            out.push(c);
            i += 1;
        }
    }
    // `#[cfg(test)]` before `mod NAME;` or `mod NAME { ... }`.
    let mut tests = BTreeSet::new();
    let mut code = String::new();
    let mut rest = out.as_str();
    while let Some(at) = rest.find("#[cfg(test)]") {
        code.push_str(&rest[..at]);
        let after = rest[at + "#[cfg(test)]".len()..].trim_start();
        let Some(m) = after.strip_prefix("mod ") else {
            rest = &rest[at + 1..];
            code.push('#');
            continue;
        };
        let name: String = m
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let m = m.trim_start()[name.len()..].trim_start();
        if let Some(r) = m.strip_prefix(';') {
            tests.insert(name);
            rest = r;
        } else if m.starts_with('{') {
            let mut depth = 0;
            let mut end = m.len();
            for (k, ch) in m.char_indices() {
                match ch {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            end = k + 1;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            rest = &m[end..];
        } else {
            rest = m;
        }
    }
    code.push_str(rest);
    (code, tests)
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Expands a use tree (`a::{b, c::{d as e}}`) into its paths.
fn expand(prefix: &[String], tree: &str, out: &mut Vec<(Vec<String>, bool)>) {
    let tree = tree.trim();
    if tree.is_empty() {
        return;
    }
    match tree.find('{') {
        None => {
            let path = tree.split(" as ").next().unwrap_or(tree);
            let mut p = prefix.to_vec();
            p.extend(
                path.split("::")
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from),
            );
            let glob = p.last().is_some_and(|s| s == "*");
            if glob {
                p.pop();
            }
            out.push((p, glob));
        }
        Some(open) => {
            let close = tree.rfind('}').unwrap_or(tree.len());
            let mut p = prefix.to_vec();
            p.extend(
                tree[..open]
                    .split("::")
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from),
            );
            let inner = &tree[open + 1..close];
            let (mut depth, mut start) = (0, 0);
            for (k, ch) in inner.char_indices() {
                match ch {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        expand(&p, &inner[start..k], out);
                        start = k + 1;
                    }
                    _ => {}
                }
            }
            expand(&p, &inner[start..], out);
        }
    }
}

/// `use` declarations of `code`: (is `pub`, the path).
fn uses(code: &str) -> Vec<(bool, Vec<String>)> {
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(found) = code[pos..].find("use ") {
        let at = pos + found;
        let end = code[at..].find(';').map_or(code.len(), |e| at + e);
        if !code[..at].ends_with(is_ident) {
            let before = code[..at].trim_end();
            let public = ["pub", "pub(crate)", "pub(super)"]
                .iter()
                .any(|p| before.ends_with(p));
            let mut paths = Vec::new();
            expand(&[], &code[at + 4..end].replace('\n', " "), &mut paths);
            out.extend(paths.into_iter().map(|(p, _)| (public, p)));
        }
        pos = (end + 1).min(code.len());
    }
    out
}

/// Inline paths rooted at `crate`, `super` or `self`.
fn inline_paths(code: &str) -> Vec<Vec<String>> {
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if is_ident(chars[i]) && (i == 0 || !is_ident(chars[i - 1]) && chars[i - 1] != ':') {
            let mut path = Vec::new();
            let mut j = i;
            loop {
                let s = j;
                while j < chars.len() && is_ident(chars[j]) {
                    j += 1;
                }
                if s == j {
                    break;
                }
                path.push(chars[s..j].iter().collect::<String>());
                if chars.get(j) == Some(&':') && chars.get(j + 1) == Some(&':') {
                    j += 2;
                } else {
                    break;
                }
            }
            if path.len() > 1 && matches!(path[0].as_str(), "crate" | "super" | "self") {
                out.push(path);
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

struct Graph {
    modules: BTreeSet<Module>,
    /// Module -> (name it re-exports -> the absolute path it names).
    reexports: BTreeMap<Module, BTreeMap<String, Vec<String>>>,
}

impl Graph {
    /// The absolute form of `path` written in module `m`, or `None` for paths not rooted in the crate.
    fn absolute(&self, m: &Module, path: &[String]) -> Option<Vec<String>> {
        let mut base = m.clone();
        let mut rest = path;
        match path.first()?.as_str() {
            "crate" => {
                base.clear();
                rest = &path[1..];
            }
            "super" => {
                while rest.first().is_some_and(|s| s == "super") {
                    base.pop();
                    rest = &rest[1..];
                }
            }
            "self" => rest = &path[1..],
            _ => return None,
        }
        base.extend(rest.iter().cloned());
        Some(base)
    }

    /// The module that defines the item at absolute `path`, following re-exports.
    fn resolve(&self, path: &[String], depth: usize) -> Module {
        let mut m: Module = Vec::new();
        for (k, seg) in path.iter().enumerate() {
            let mut child = m.clone();
            child.push(seg.clone());
            if self.modules.contains(&child) {
                m = child;
                continue;
            }
            if let Some(target) = self.reexports.get(&m).and_then(|r| r.get(seg))
                && depth < 8
            {
                let mut t = target.clone();
                t.extend(path[k + 1..].iter().cloned());
                return self.resolve(&t, depth + 1);
            }
            break;
        }
        m
    }
}

/// Tarjan's strongly connected components with more than one node.
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct T<'a> {
        g: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<String, usize>,
        low: BTreeMap<String, usize>,
        stack: Vec<String>,
        on: BTreeSet<String>,
        out: Vec<Vec<String>>,
    }
    fn visit(t: &mut T, v: &str) {
        let n = t.index.len();
        t.index.insert(v.to_string(), n);
        t.low.insert(v.to_string(), n);
        t.stack.push(v.to_string());
        t.on.insert(v.to_string());
        for w in t.g.get(v).into_iter().flatten() {
            if !t.index.contains_key(w) {
                visit(t, w);
                let l = t.low[v].min(t.low[w]);
                t.low.insert(v.to_string(), l);
            } else if t.on.contains(w) {
                let l = t.low[v].min(t.index[w]);
                t.low.insert(v.to_string(), l);
            }
        }
        if t.low[v] == t.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on.remove(&w);
                let done = w == v;
                comp.push(w);
                if done {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                t.out.push(comp);
            }
        }
    }
    let mut t = T {
        g: graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    let nodes: BTreeSet<&String> = graph.keys().chain(graph.values().flatten()).collect();
    for v in nodes {
        if !t.index.contains_key(v) {
            visit(&mut t, v);
        }
    }
    t.out
}

fn name(m: &[String]) -> String {
    if m.is_empty() {
        "crate".into()
    } else {
        m.join("::")
    }
}

/// Module -> module it uses, file by file, test code left out.
fn edges() -> BTreeSet<(Module, Module)> {
    let sources = sources();
    // Test modules (declared under `#[cfg(test)]`) are left out, with everything below them.
    let test_modules: BTreeSet<Module> = sources
        .iter()
        .flat_map(|(m, s)| {
            s.test_children.iter().map(move |c| {
                let mut t = m.clone();
                t.push(c.clone());
                t
            })
        })
        .collect();
    let is_test = |m: &Module| test_modules.iter().any(|t| m.starts_with(t));
    let mut graph = Graph {
        modules: sources.keys().cloned().collect(),
        reexports: BTreeMap::new(),
    };
    let uses: BTreeMap<&Module, Vec<(bool, Vec<String>)>> =
        sources.iter().map(|(m, s)| (m, uses(&s.code))).collect();
    for (m, list) in &uses {
        for (public, path) in list {
            let abs = graph.absolute(m, path).or_else(|| {
                // `pub use child::Item` names a child module of `m`.
                let mut p = (*m).clone();
                p.extend(path.iter().cloned());
                Some(p)
            });
            if let (true, Some(abs), Some(last)) = (public, abs, path.last()) {
                graph
                    .reexports
                    .entry((*m).clone())
                    .or_default()
                    .insert(last.clone(), abs);
            }
        }
    }
    // File-level edges, then lifted to siblings.
    let mut edges: BTreeSet<(Module, Module)> = BTreeSet::new();
    for (m, s) in &sources {
        if is_test(m) {
            continue;
        }
        let mut paths: Vec<Vec<String>> = uses[m].iter().map(|(_, p)| p.clone()).collect();
        paths.extend(inline_paths(&s.code));
        for p in paths {
            if let Some(abs) = graph.absolute(m, &p) {
                let target = graph.resolve(&abs, 0);
                if &target != m && !is_test(&target) {
                    edges.insert((m.clone(), target));
                }
            }
        }
    }
    edges
}

#[test]
fn no_import_cycle_between_sibling_modules() {
    let edges = edges();
    let mut siblings: BTreeMap<Module, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for (a, b) in &edges {
        let common = a.iter().zip(b).take_while(|(x, y)| x == y).count();
        if common == a.len() || common == b.len() {
            continue;
        }
        siblings
            .entry(a[..common].to_vec())
            .or_default()
            .entry(a[common].clone())
            .or_default()
            .insert(b[common].clone());
    }
    let mut problems = Vec::new();
    for (parent, g) in &siblings {
        for comp in cycles(g) {
            let mut why = Vec::new();
            for (a, b) in &edges {
                let under = |m: &Module| {
                    m.len() > parent.len()
                        && m.starts_with(parent)
                        && comp.contains(&m[parent.len()])
                };
                if under(a) && under(b) && a[parent.len()] != b[parent.len()] {
                    why.push(format!("    {} uses {}", name(a), name(b)));
                }
            }
            problems.push(format!(
                "cycle between {} under {}:\n{}",
                comp.join(", "),
                name(parent),
                why.join("\n")
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "import cycles between sibling modules (move the shared part below both, or the caller up to \
         the parent):\n{}",
        problems.join("\n")
    );
    // The check sees the real graph: commands use the stages.
    assert!(edges.contains(&(
        vec!["commands".into(), "build".into()],
        vec!["render".into(), "pdf".into(), "runner".into()]
    )));
}

/// The pipeline stages in order; a stage may use the ones before it, never one after it.
const STAGES: &[&str] = &["load", "validate", "score", "render", "output"];

#[test]
fn commands_sit_on_top_of_the_stages_and_utilities_below_them() {
    // Only edges between top-level modules matter here; `lib.rs` (the crate root) is above them all.
    let mut problems = BTreeSet::new();
    for (a, b) in edges() {
        let (Some(x), Some(y)) = (a.first(), b.first()) else {
            continue;
        };
        if x == y {
            continue;
        }
        let why = if ["cli", "commands"].contains(&y.as_str())
            && !["cli", "commands"].contains(&x.as_str())
        {
            "only cli uses the commands"
        } else if x == "util" {
            "util is below everything: it uses only util"
        } else if x == "model" && y != "util" {
            "the model (validated domain types) uses only util"
        } else {
            match (
                STAGES.iter().position(|s| s == x),
                STAGES.iter().position(|s| s == y),
            ) {
                (Some(i), Some(j)) if j > i => "a stage uses only the stages before it",
                _ => continue,
            }
        };
        problems.insert(format!("{} uses {}: {why}", name(&a), name(&b)));
    }
    let problems: Vec<String> = problems.into_iter().collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_source_file_is_small_and_says_what_it_is_for() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut problems = Vec::new();
    let mut files = 0;
    for (_, s) in sources() {
        let text = std::fs::read_to_string(root.join(&s.file)).unwrap();
        files += 1;
        if !text.starts_with("//!") {
            problems.push(format!(
                "{}: the first line is not a `//!` line saying what the module is for",
                s.file
            ));
        }
        let lines = text.lines().count();
        if lines > MAX_LINES {
            problems.push(format!(
                "{}: {lines} lines, over {MAX_LINES}; split it along a seam",
                s.file
            ));
        }
    }
    assert!(files > 50, "{files} files found under src/");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_checker_reads_paths_and_cycles() {
    let (code, tests) =
        strip("use a::b; // crate::x\n\"crate::y\" '\"' r#\"crate::z\"#\n#[cfg(test)]\nmod tests;");
    assert!(!code.contains("crate::"), "{code}");
    assert!(tests.contains("tests"));
    let mut out = Vec::new();
    expand(&[], "crate::{a::{b, c as d}, e::*}", &mut out);
    let paths: Vec<String> = out.iter().map(|(p, _)| p.join("::")).collect();
    assert_eq!(paths, ["crate::a::b", "crate::a::c", "crate::e"]);
    assert_eq!(
        inline_paths("x = super::super::y::z(); crate::a::b"),
        vec![vec!["super", "super", "y", "z"], vec!["crate", "a", "b"]]
    );
    let g: BTreeMap<String, BTreeSet<String>> = [
        ("a", vec!["b"]),
        ("b", vec!["c"]),
        ("c", vec!["a"]),
        ("d", vec!["a"]),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.into_iter().map(String::from).collect()))
    .collect();
    assert_eq!(cycles(&g), vec![vec!["a", "b", "c"]]);
}

/// The `src/` tree in README's "Development" section: every top-level entry of `src/`, and every entry
/// of each folder the README lists entries of, exists there, in both directions.
#[test]
fn readme_layout_matches_the_tree() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let start = readme
        .find("```text\nsrc/\n")
        .expect("README.md has the src/ tree in a ```text block");
    let block = &readme[start + "```text\n".len()..];
    let block = &block[..block.find("```").unwrap()];
    // (folder listed with entries -> the entries it lists)
    let mut listed: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut parents: Vec<String> = Vec::new();
    for line in block.lines().skip(1) {
        let indent = line.len() - line.trim_start().len();
        let name = line
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_string();
        let depth = indent / 2;
        assert!(
            (1..=parents.len() + 1).contains(&depth),
            "README.md tree: `{line}` is indented oddly"
        );
        parents.truncate(depth - 1);
        let folder = format!("src/{}", parents.concat());
        listed.entry(folder).or_default().insert(name.clone());
        if name.ends_with('/') {
            parents.push(name);
        }
    }
    let mut problems = Vec::new();
    for (folder, names) in &listed {
        let actual: BTreeSet<String> = std::fs::read_dir(root.join(folder))
            .unwrap_or_else(|e| panic!("README.md lists {folder}, which cannot be read ({e})"))
            .map(|e| {
                let e = e.unwrap();
                let name = e.file_name().to_string_lossy().into_owned();
                if e.path().is_dir() { name + "/" } else { name }
            })
            .collect();
        for missing in actual.difference(names) {
            problems.push(format!(
                "{folder}{missing} is not in README.md's tree: add a line saying what it is for"
            ));
        }
        for gone in names.difference(&actual) {
            problems.push(format!(
                "README.md's tree lists {folder}{gone}, which does not exist"
            ));
        }
    }
    assert!(listed.len() > 3, "{listed:?}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
