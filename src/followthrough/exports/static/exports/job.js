// A board pack being made, with JavaScript: ask how it is going every 5 seconds, say it in the
// live region (read out politely by screen readers), and show the finished page (the files to
// download, or why it could not be made) when it ends. Without JavaScript the page's "Check
// again" link does the same; there is no automatic refresh (WCAG 2.2.1).
const region = document.getElementById("export-progress");
const label = document.getElementById("export-progress-label");
const text = document.getElementById("export-progress-text");
const INTERVAL = 5000;
const GIVE_UP_AFTER = 30; // failed requests in a row: then the "Check again" link remains

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
      if (progress.state === "queued" || progress.state === "running") {
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
