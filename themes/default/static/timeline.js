// Timeline filters: narrow the entries to one entity, outlet or tag. Without JavaScript the
// form stays hidden and the whole timeline shows. The choice is kept in the URL (?entity=…).
(() => {
  const form = document.getElementById("timeline-filter");
  if (!form) return;
  const entries = Array.from(document.querySelectorAll(".entry"));
  const status = form.querySelector(".filter-status");
  const keys = { entity: "entities", outlet: "outlets", tag: "tags" };
  // Wording: the page's language's (the form's data-strings), else English.
  let statusText = { one: "{shown} of {n} entry shown.", other: "{shown} of {n} entries shown." };
  try {
    statusText = JSON.parse(form.dataset.strings || "{}").status || statusText;
  } catch (e) { /* keep the English wording */ }
  const plurals = window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang || "en") : null;
  const say = (shown, n) => {
    const forms = typeof statusText === "object" ? statusText : { other: statusText };
    const text = forms[plurals ? plurals.select(n) : n === 1 ? "one" : "other"] ?? forms.other;
    return text.replace("{shown}", shown).replace("{n}", n);
  };

  const matches = (entry, wanted) =>
    Object.entries(wanted).every(([name, id]) => !id || (entry.dataset[keys[name]] || "").split(" ").includes(id));

  function apply() {
    const wanted = {};
    for (const select of form.querySelectorAll("select")) wanted[select.name] = select.value;
    let shown = 0;
    for (const entry of entries) {
      const ok = matches(entry, wanted);
      entry.hidden = !ok;
      if (ok) shown++;
    }
    for (const section of document.querySelectorAll("section.month, section.year")) {
      section.hidden = !section.querySelector(".entry:not([hidden])");
    }
    for (const link of document.querySelectorAll(".year-nav a")) {
      const target = document.getElementById(link.hash.slice(1));
      link.parentElement.hidden = !!target && target.hidden;
    }
    const active = Object.values(wanted).some(Boolean);
    status.textContent = active ? say(shown, entries.length) : "";
    const url = new URL(location.href);
    for (const [name, id] of Object.entries(wanted)) id ? url.searchParams.set(name, id) : url.searchParams.delete(name);
    history.replaceState(null, "", url);
  }

  const params = new URLSearchParams(location.search);
  for (const select of form.querySelectorAll("select")) {
    const id = params.get(select.name);
    if (id && Array.from(select.options).some((o) => o.value === id)) select.value = id;
  }
  form.addEventListener("change", apply);
  form.addEventListener("reset", () => setTimeout(apply));
  form.addEventListener("submit", (e) => e.preventDefault());
  form.hidden = false;
  apply();
})();
