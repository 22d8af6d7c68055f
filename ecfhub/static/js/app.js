// Progressive enhancement only: every page works without this file.
import { initAll } from "/static/govuk/govuk-frontend.min.js";

initAll();

// Pages waiting for background work (a scheduling run, a large CSV import) mark the waiting part with
// data-hub-refresh="SECONDS". Instead of <meta http-equiv="refresh">, which reloads the page under a
// screen reader every few seconds (WCAG failure F41), check quietly in the background, update the
// progress in place, and show the result once when it is ready. Without JavaScript the page has a
// "check now" link instead.
for (const box of document.querySelectorAll("[data-hub-refresh]")) {
  const delay = 1000 * (Number(box.dataset.hubRefresh) || 2);
  const check = async () => {
    try {
      const response = await fetch(window.location.href, { credentials: "same-origin", cache: "no-store" });
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html").querySelector("[data-hub-refresh]");
      if (!fresh) {
        window.location.reload();
        return;
      }
      if (!box.contains(document.activeElement)) box.innerHTML = fresh.innerHTML;
    } catch {
      // A dropped connection: try again on the next tick.
    }
    window.setTimeout(check, delay);
  };
  window.setTimeout(check, delay);
}
