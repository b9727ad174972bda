// Served by the dev server only, never written to site/. Reloads this page when a rebuild
// changes it, and shows the build's problems over it when an edit breaks the build.
(() => {
  const tag = document.currentScript;
  const query = new URLSearchParams({build: tag.dataset.build, good: tag.dataset.good, watch: tag.dataset.watch});
  const events = new EventSource("/__dev__/events?" + query);
  const overlay = () => document.getElementById("sitegen-dev-overlay");
  events.addEventListener("reload", () => location.reload());
  events.addEventListener("ok", () => overlay() && location.reload());   // fixed, and this page is unchanged
  events.addEventListener("failed", (event) => {
    overlay()?.remove();
    document.body.insertAdjacentHTML("afterbegin", JSON.parse(event.data).overlay);
  });
  document.addEventListener("click", (event) => {
    if (event.target.closest(".sitegen-dev-overlay__hide")) overlay()?.remove();
  });
})();
