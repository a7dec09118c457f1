// A page waiting on the worker (a plan being read, a board pack or a plan's file being made),
// with JavaScript: ask how it is going every few seconds, say it in the live region (read out
// politely by screen readers), and go on to the page the work ends on. Without JavaScript the
// page's "Check again" link or button does the same; there is no automatic refresh (WCAG 2.2.1).
//
// The page marks its live region with data-status-url (the JSON that says how it is going),
// data-interval (milliseconds between questions) and data-pending (the states that mean "still
// going", separated by spaces), and its tag and sentence with data-progress-label and
// data-progress-text.
const GIVE_UP_AFTER = 30; // failed requests in a row: then the "Check again" control remains

for (const region of document.querySelectorAll("[data-status-url][data-pending]")) {
  const label = region.querySelector("[data-progress-label]");
  const text = region.querySelector("[data-progress-text]");
  const pending = new Set(region.dataset.pending.split(" "));
  const interval = Number(region.dataset.interval) || 5000;
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
      if (pending.has(progress.state)) {
        if (text.textContent !== progress.text) {
          label.textContent = progress.label;
          text.textContent = progress.text;
        }
        window.setTimeout(ask, interval);
      } else {
        label.textContent = progress.label;
        text.textContent = progress.text;
        window.location.assign(progress.url);
      }
    } catch (error) {
      failures += 1;
      if (failures < GIVE_UP_AFTER) window.setTimeout(ask, interval);
    }
  };

  window.setTimeout(ask, interval);
}
