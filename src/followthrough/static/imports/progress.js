// The import progress page, with JavaScript: ask how the reading is going every few seconds,
// say it in the live region (read out politely by screen readers), and go on to the preview,
// or to the page that says why not, when the reading ends. Without JavaScript the page's
// "Check again" button does the same; there is no automatic refresh (WCAG 2.2.1).
const region = document.getElementById("import-progress");
const label = document.getElementById("import-progress-label");
const text = document.getElementById("import-progress-text");
const INTERVAL = 2000;
const GIVE_UP_AFTER = 30; // failed requests in a row: then the "Check again" button remains

if (region && region.dataset.statusUrl) {
  let failures = 0;

  const ask = async () => {
    try {
      const response = await fetch(region.dataset.statusUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(String(response.status));
      const progress = await response.json();
      failures = 0;
      if (progress.state === "queued" || progress.state === "reading") {
        if (text.textContent !== progress.text) {
          label.textContent = progress.label;
          text.textContent = progress.text;
        }
        window.setTimeout(ask, INTERVAL);
      } else {
        label.textContent = progress.label;
        text.textContent = progress.text;
        window.location.assign(progress.url);
      }
    } catch (error) {
      failures += 1;
      if (failures < GIVE_UP_AFTER) window.setTimeout(ask, INTERVAL);
    }
  };

  window.setTimeout(ask, INTERVAL);
}
