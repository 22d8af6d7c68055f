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

// A button that copies some text, for example a private calendar address: data-hub-copy="#id" names the
// element whose text it copies. The button is hidden in the HTML and shown here, so a browser without
// JavaScript (or without the clipboard) never offers a button that does nothing; the address stays
// on the page to select and copy by hand. The result is said in the status region beside it.
for (const button of document.querySelectorAll("[data-hub-copy]")) {
  const source = document.querySelector(button.dataset.hubCopy);
  const status = document.getElementById(button.getAttribute("aria-describedby") || "");
  if (!source || !navigator.clipboard) continue;
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(source.textContent.trim());
      if (status) status.textContent = "Copied. Paste it into your calendar app.";
    } catch {
      if (status) status.textContent = "Your browser did not allow copying: select the address and copy it instead.";
    }
  });
}
