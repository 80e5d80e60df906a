// The copy button of a new token. Plain JavaScript, no build step; loaded from this origin only (see the CSP).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button[data-copy]")) {
    button.addEventListener("click", async () => {
      const field = document.getElementById(button.dataset.copy);
      if (!field) {
        return;
      }
      try {
        await navigator.clipboard.writeText(field.value);
        button.textContent = "Copied";
      } catch (e) {
        // No clipboard permission (or not a secure context): select the text so Ctrl+C copies it.
        field.focus();
        field.select();
        button.textContent = "Press Ctrl+C";
      }
    });
  }
});
