//! Runs the jobs of a GitHub Actions workflow on this machine, step by step, as a runner would
//! — enough of it for the workflow `briefgen init` writes, which cannot run here:
//! - `run:` steps in bash (or sh) with the step's `env:`, `$GITHUB_OUTPUT`, `$GITHUB_ACTION_PATH`
//!   and the runner's folders (all in a temporary folder);
//! - briefgen's own action (`action.yml` at the repository root, as `OWNER/REPO@REF` or `./`),
//!   its steps run the same way, with its inputs' defaults;
//! - GitHub's actions by what they do here: checkout nothing (the site is the workspace),
//!   configure-pages gives the Pages URL the runner was given, caches start empty,
//!   upload-pages-artifact and deploy-pages are recorded.
//!
//! Any other action, and any expression beyond `${{ a.b.c }}`, `'text'`, `==`, `!=` and `&&`,
//! fails the test: the simulation must grow with the workflow, not skip what it does not know.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::harness::repo;

/// Step outputs, by step id.
type Outputs = BTreeMap<String, BTreeMap<String, String>>;

pub struct Runner {
    /// The checked-out repository: the site.
    pub workspace: PathBuf,
    /// `push` or `pull_request`.
    pub event: &'static str,
    /// What actions/configure-pages reports as `base_url`.
    pub pages_url: String,
    /// The job's environment, e.g. a mirror of the releases.
    pub env: Vec<(String, String)>,
    /// The runner's own folders (temp, tool cache, home).
    pub dir: PathBuf,
}

/// What a job did.
#[derive(Debug, Default)]
pub struct JobRun {
    /// `uses:` or the first line of `run:`, for every step that ran, the action's steps included.
    pub ran: Vec<String>,
    pub skipped: Vec<String>,
    /// Everything the `run:` steps printed.
    pub log: String,
    /// The `with:` of actions/upload-pages-artifact, evaluated.
    pub uploaded: Option<BTreeMap<String, String>>,
    pub deployed: bool,
    pub outputs: Outputs,
    /// The step that failed, with what it printed; the steps after it were skipped.
    pub failed: Option<String>,
}

impl JobRun {
    /// Panics with the failure, if a step failed.
    pub fn succeeded(self) -> Self {
        if let Some(failure) = &self.failed {
            panic!("the job failed: {failure}");
        }
        self
    }
}

/// Where expressions find their values.
struct Scope<'a> {
    inputs: &'a BTreeMap<String, String>,
    steps: &'a Outputs,
}

pub fn parse(yaml: &str) -> Value {
    serde_saphyr::from_str(yaml).unwrap_or_else(|e| panic!("not YAML: {e}\n{yaml}"))
}

impl Runner {
    /// Runs a job of the workflow; `None` when its `if:` is false.
    pub fn run_job(&self, workflow: &Value, job: &str) -> Option<JobRun> {
        let job = &workflow["jobs"][job];
        assert!(job.is_object(), "no job {job}");
        let none = BTreeMap::new();
        if let Some(cond) = job["if"].as_str()
            && !truthy(&self.eval(cond, &Scope { inputs: &none, steps: &Outputs::new() }))
        {
            return None;
        }
        let mut run = JobRun::default();
        run.outputs = self.run_steps(steps(job), &none, None, &mut run);
        Some(run)
    }

    fn run_steps(
        &self,
        list: &[Value],
        inputs: &BTreeMap<String, String>,
        action: Option<&Path>,
        run: &mut JobRun,
    ) -> Outputs {
        let mut outputs = Outputs::new();
        for (i, step) in list.iter().enumerate() {
            let scope = Scope { inputs, steps: &outputs };
            let what = step["uses"].as_str().map(str::to_owned).unwrap_or_else(|| {
                step["run"]
                    .as_str()
                    .and_then(|r| r.lines().find(|l| !l.trim().is_empty()))
                    .unwrap_or("?")
                    .trim()
                    .to_owned()
            });
            // Without `if:`, a step runs only while no step has failed (`success()`).
            let runs = match step["if"].as_str() {
                Some(cond) => truthy(&self.eval(cond, &scope)),
                None => run.failed.is_none(),
            };
            if !runs || run.failed.is_some() {
                run.skipped.push(what);
                continue;
            }
            run.ran.push(what);
            let produced = if let Some(uses) = step["uses"].as_str() {
                self.uses(uses, &self.with(step, &scope), run)
            } else {
                let env: Vec<(String, String)> = step["env"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(k, v)| (k.clone(), self.interpolate(&scalar(v), &scope)))
                    .collect();
                let shell = step["shell"].as_str().unwrap_or("bash");
                self.run_script(shell, step["run"].as_str().unwrap(), &env, action, i, run)
            };
            if let Some(id) = step["id"].as_str() {
                outputs.insert(id.to_owned(), produced);
            }
        }
        outputs
    }

    /// The step's `with:`, evaluated.
    fn with(&self, step: &Value, scope: &Scope) -> BTreeMap<String, String> {
        let with = step["with"].as_object().into_iter().flatten();
        with.map(|(k, v)| (k.clone(), self.interpolate(&scalar(v), scope))).collect()
    }

    fn uses(&self, uses: &str, with: &BTreeMap<String, String>, run: &mut JobRun) -> BTreeMap<String, String> {
        let name = uses.split('@').next().unwrap();
        let own = env!("CARGO_PKG_REPOSITORY").trim_start_matches("https://github.com/");
        let mut out = BTreeMap::new();
        match name {
            "actions/checkout" | "actions/cache/save" => {}
            "actions/configure-pages" => {
                out.insert("base_url".into(), self.pages_url.clone());
            }
            "actions/cache" | "actions/cache/restore" => {
                out.insert("cache-hit".into(), "false".into());
            }
            "actions/upload-pages-artifact" => run.uploaded = Some(with.clone()),
            "actions/deploy-pages" => {
                run.deployed = true;
                out.insert("page_url".into(), self.pages_url.clone());
            }
            "./" | "." => return self.briefgen_action(with, run),
            _ if name == own => return self.briefgen_action(with, run),
            _ => panic!("the simulation does not know the action {uses}"),
        }
        out
    }

    /// briefgen's composite action, from this repository's action.yml.
    fn briefgen_action(&self, with: &BTreeMap<String, String>, run: &mut JobRun) -> BTreeMap<String, String> {
        let action = parse(&std::fs::read_to_string(repo().join("action.yml")).unwrap());
        let mut inputs = BTreeMap::new();
        for (name, spec) in action["inputs"].as_object().unwrap() {
            inputs.insert(name.clone(), spec["default"].as_str().unwrap_or_default().to_owned());
        }
        for (name, value) in with {
            assert!(inputs.contains_key(name), "action.yml has no input `{name}`");
            inputs.insert(name.clone(), value.clone());
        }
        let steps = self.run_steps(action["runs"]["steps"].as_array().unwrap(), &inputs, Some(&repo()), run);
        let scope = Scope { inputs: &inputs, steps: &steps };
        let outputs = action["outputs"].as_object().unwrap();
        outputs.iter().map(|(k, v)| (k.clone(), self.interpolate(v["value"].as_str().unwrap(), &scope))).collect()
    }

    fn run_script(
        &self,
        shell: &str,
        script: &str,
        env: &[(String, String)],
        action: Option<&Path>,
        index: usize,
        run: &mut JobRun,
    ) -> BTreeMap<String, String> {
        let file = self.dir.join(format!("step-{}-{index}.sh", run.ran.len()));
        let output = self.dir.join(format!("output-{}-{index}", run.ran.len()));
        std::fs::write(&file, script).unwrap();
        std::fs::write(&output, "").unwrap();
        let mut cmd = match shell {
            "bash" => Command::new("bash"),
            "sh" => Command::new("sh"),
            other => panic!("the simulation runs bash and sh steps, not {other}"),
        };
        if shell == "bash" {
            cmd.args(["--noprofile", "--norc", "-eo", "pipefail"]);
        } else {
            cmd.arg("-e");
        }
        cmd.arg(&file).current_dir(&self.workspace);
        // The runner's environment, not this process's briefgen or GitHub settings.
        for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("BRIEFGEN_") || k.starts_with("GITHUB_")) {
            cmd.env_remove(k);
        }
        let arch = if std::env::consts::ARCH == "aarch64" { "ARM64" } else { "X64" };
        cmd.env("HOME", self.dir.join("home"))
            .env("CI", "true")
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_WORKSPACE", &self.workspace)
            .env("GITHUB_OUTPUT", &output)
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", arch)
            .env("RUNNER_TEMP", self.dir.join("temp"))
            .env("RUNNER_TOOL_CACHE", self.dir.join("tool-cache"));
        if let Some(path) = action {
            cmd.env("GITHUB_ACTION_PATH", path);
        }
        cmd.envs(self.env.iter().cloned()).envs(env.iter().cloned());
        let out = cmd.output().unwrap();
        let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        run.log.push_str(&stdout);
        run.log.push_str(&stderr);
        if !out.status.success() {
            run.failed = Some(format!("{script}\n--- stdout\n{stdout}\n--- stderr\n{stderr}"));
        }
        let text = std::fs::read_to_string(&output).unwrap();
        text.lines().filter_map(|l| l.split_once('=')).map(|(k, v)| (k.to_owned(), v.to_owned())).collect()
    }

    /// Replaces every `${{ … }}` in a text by its value.
    fn interpolate(&self, text: &str, scope: &Scope) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${{") {
            let end = rest[start..].find("}}").expect("an unclosed ${{") + start;
            out.push_str(&rest[..start]);
            out.push_str(&self.eval(&rest[start + 3..end], scope));
            rest = &rest[end + 2..];
        }
        out + rest
    }

    /// An expression: operands (`a.b.c`, `'text'`) compared with `==` or `!=`, joined by `&&`.
    fn eval(&self, expr: &str, scope: &Scope) -> String {
        let expr = expr.trim();
        let expr = expr.strip_prefix("${{").and_then(|e| e.strip_suffix("}}")).unwrap_or(expr).trim();
        if expr.contains("&&") {
            return expr.split("&&").all(|part| truthy(&self.eval(part, scope))).to_string();
        }
        for (op, equal) in [("!=", false), ("==", true)] {
            if let Some((a, b)) = expr.split_once(op) {
                return ((self.operand(a, scope) == self.operand(b, scope)) == equal).to_string();
            }
        }
        self.operand(expr, scope)
    }

    fn operand(&self, text: &str, scope: &Scope) -> String {
        let text = text.trim();
        if let Some(literal) = text.strip_prefix('\'').and_then(|t| t.strip_suffix('\'')) {
            return literal.to_owned();
        }
        let path: Vec<&str> = text.split('.').collect();
        match path.as_slice() {
            ["github", "event_name"] => self.event.to_owned(),
            ["github", "ref"] => "refs/heads/main".to_owned(),
            ["github", "sha"] => "0123456789abcdef0123456789abcdef01234567".to_owned(),
            ["github", "workspace"] => self.workspace.display().to_string(),
            ["runner", "os"] => "Linux".to_owned(),
            ["runner", "arch"] => (if std::env::consts::ARCH == "aarch64" { "ARM64" } else { "X64" }).to_owned(),
            ["inputs", name] => scope.inputs.get(*name).unwrap_or_else(|| panic!("no input `{name}`")).clone(),
            ["steps", id, "outputs", key] => {
                scope.steps.get(*id).and_then(|o| o.get(*key)).cloned().unwrap_or_default()
            }
            _ => panic!("the simulation does not evaluate `{text}`"),
        }
    }
}

fn steps(job: &Value) -> &[Value] {
    job["steps"].as_array().map(Vec::as_slice).unwrap_or_default()
}

/// A YAML scalar as the text GitHub would see.
fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn truthy(value: &str) -> bool {
    !value.is_empty() && value != "false" && value != "0"
}
