// briefgen serve: reload on rebuild, show build errors over the page (the last good site stays).
(() => {
  const events = new EventSource("/__briefgen/events");
  events.addEventListener("reload", () => location.reload());
  events.addEventListener("errors", (e) => {
    let box = document.getElementById("briefgen-errors");
    if (!box) {
      box = document.createElement("pre");
      box.id = "briefgen-errors";
      box.setAttribute("role", "alert");
      box.style.cssText =
        "position:fixed;left:0;right:0;bottom:0;max-height:70vh;overflow:auto;margin:0;padding:1em;" +
        "background:#2b0d0d;color:#ffe9e9;font:13px/1.45 ui-monospace,monospace;white-space:pre-wrap;" +
        "z-index:2147483647;border-top:4px solid #e5484d";
      document.body.append(box);
    }
    box.textContent = "briefgen: the last edit broke the build; showing the last good version.\n\n" + JSON.parse(e.data);
  });
})();
